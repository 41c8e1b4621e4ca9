#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// Every lot has a receipt (Schema/0015's lot_receipt, whose ledger row the `receipt` rule checks).
    func lotReceipts(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT l.product_code, l.lot_number FROM lot l
             WHERE NOT EXISTS (SELECT FROM lot_receipt r WHERE r.lot_id = l.id)
             ORDER BY l.product_code, l.lot_number
            """
        ).rows.map { row in
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            return Discrepancy(
                rule: .lotReceipt, productCode: product, lotNumber: lotNumber,
                message: "Lot \(lotNumber) of \(product) has no receipt: nothing says when it arrived or how many vials.")
        }
    }
}
