#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// A lot's status is its last status change; a lot with none is as it was received (quarantined
    /// or released), since recalling or destroying it writes a change.
    func cachedStatuses(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT l.product_code, l.lot_number, l.status, c.to_status
              FROM lot l
              LEFT JOIN LATERAL (SELECT to_status FROM lot_status_change WHERE lot_id = l.id ORDER BY id DESC LIMIT 1) c
                ON true
             WHERE (c.to_status IS NOT NULL AND c.to_status <> l.status)
                OR (c.to_status IS NULL AND l.status NOT IN ('quarantined', 'released'))
             ORDER BY l.product_code, l.lot_number
            """
        ).rows.map { row in
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let status: String = try row.decode("status")
            let last: String? = try row.decode("to_status")
            let cause = last.map { "its last status change made it \($0)" } ?? "no status change explains it"
            return Discrepancy(
                rule: .cachedStatus, productCode: product, lotNumber: lotNumber,
                message: "Lot \(lotNumber) of \(product) is marked \(status) but \(cause).")
        }
    }
}
