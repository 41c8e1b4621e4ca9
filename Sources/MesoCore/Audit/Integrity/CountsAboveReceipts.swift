#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// A count never finds more than the lot had received by then: the sum of its receipts before it.
    func countsAboveReceipts(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT m.id, m.balance_after_ml, l.product_code, l.lot_number,
                   (SELECT coalesce(sum(r.quantity_ml), 0) FROM stock_movement r
                     WHERE r.lot_id = m.lot_id AND r.kind = 'receipt' AND r.id < m.id) AS received_ml
              FROM stock_movement m JOIN lot l ON l.id = m.lot_id
             WHERE m.kind = 'count-adjustment'
               AND m.balance_after_ml > (SELECT coalesce(sum(r.quantity_ml), 0) FROM stock_movement r
                                          WHERE r.lot_id = m.lot_id AND r.kind = 'receipt' AND r.id < m.id)
             ORDER BY m.id
            """
        ).rows.map { row in
            let movement: Int64 = try row.decode("id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let counted: Decimal = try row.decode("balance_after_ml")
            let received: Decimal = try row.decode("received_ml")
            return Discrepancy(
                rule: .countAboveReceived, productCode: product, lotNumber: lotNumber, movementID: movement,
                recordedML: counted, expectedML: received,
                message: "Count \(movement) of \(Self.label(product, lotNumber)) found \(Self.ml(counted)), more than the \(Self.ml(received)) the lot had received.")
        }
    }
}
