#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// `balance-above-received`: no ledger row leaves its lot holding more than the lot had received by
/// then (the sum of its receipt rows up to and including it): a waste reversed after a count up, a
/// reversal, a receipt (a count is `count-above-received`'s). Schema/0017 refuses such a row when it is written.
extension AuditService {
    func balancesAboveReceived(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT m.id, m.kind, m.balance_after_ml, m.received_ml, l.product_code, l.lot_number
              FROM (SELECT id, lot_id, kind, balance_after_ml,
                           sum(quantity_ml) FILTER (WHERE kind = 'receipt') OVER (PARTITION BY lot_id ORDER BY id) AS received_ml
                      FROM stock_movement) m
              JOIN lot l ON l.id = m.lot_id
             WHERE m.balance_after_ml > coalesce(m.received_ml, 0) AND m.kind <> 'count-adjustment'
             ORDER BY m.id
            """
        ).rows.map { row in
            let movement: Int64 = try row.decode("id")
            let kind: String = try row.decode("kind")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let balance: Decimal = try row.decode("balance_after_ml")
            let received: Decimal = try row.decode("received_ml", as: Decimal?.self) ?? 0
            return Discrepancy(
                rule: .balanceAboveReceived, productCode: product, lotNumber: lotNumber, movementID: movement,
                recordedML: balance, expectedML: received,
                message: "Ledger row \(movement) (\(kind)) leaves \(Self.label(product, lotNumber)) holding \(Self.ml(balance)), more than the \(Self.ml(received)) it had received.")
        }
    }
}
