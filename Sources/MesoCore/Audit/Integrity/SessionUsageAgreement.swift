#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// A usage row carries its session's time; a session injected something.
    func sessionUsage(_ connection: PostgresConnection) throws -> [Discrepancy] {
        let wrongTimes = try connection.query(
            """
            SELECT u.session_id, u.performed_at, s.performed_at AS session_performed_at, l.product_code, l.lot_number
              FROM session_usage u JOIN session s ON s.id = u.session_id JOIN lot l ON l.id = u.lot_id
             WHERE u.performed_at <> s.performed_at
             ORDER BY u.session_id, l.product_code, l.lot_number
            """
        ).rows.map { row in
            let session: Int64 = try row.decode("session_id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let usedAt: Timestamp = try row.decode("performed_at")
            let performedAt: Timestamp = try row.decode("session_performed_at")
            return Discrepancy(
                rule: .usageTime, productCode: product, lotNumber: lotNumber, sessionID: session,
                message: "Session \(session)'s usage row of \(Self.label(product, lotNumber)) says \(usedAt), but the session was performed at \(performedAt).")
        }
        let empty = try connection.query(
            """
            SELECT s.id FROM session s WHERE NOT EXISTS (SELECT FROM session_usage u WHERE u.session_id = s.id) ORDER BY s.id
            """
        ).rows.map { row in
            let session: Int64 = try row.decode("id")
            return Discrepancy(
                rule: .sessionLedger, sessionID: session,
                message: "Session \(session) has no usage row: every session injects something from some lot.")
        }
        return wrongTimes + empty
    }
}
