import PostgresClient

/// `session-rows-time`: a session's draws and wastes are written in the transaction that recorded
/// it (their recorded_at is the session's), its reversals in the one that cancelled it (their
/// recorded_at is its cancelled_at). A row added later to another login's session, drawing a lot
/// judged at the session's old time, is found here. Schema/0017 refuses it when it is written.
extension AuditService {
    func sessionRowsWrittenWithSession(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT m.id, m.kind, m.session_id, m.recorded_at, s.recorded_at AS session_recorded_at, s.cancelled_at,
                   l.product_code, l.lot_number
              FROM stock_movement m
              JOIN session s ON s.id = m.session_id
              JOIN lot l ON l.id = m.lot_id
             WHERE (m.kind <> 'reversal' AND m.recorded_at <> s.recorded_at)
                OR (m.kind = 'reversal' AND m.recorded_at IS DISTINCT FROM s.cancelled_at)
             ORDER BY m.id
            """
        ).rows.map { row in
            let movement: Int64 = try row.decode("id")
            let kind: String = try row.decode("kind")
            let session: Int64 = try row.decode("session_id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let written = kind == "reversal" ? "by the session's cancellation" : "with the session"
            return Discrepancy(
                rule: .sessionRowsTime, productCode: product, lotNumber: lotNumber, sessionID: session, movementID: movement,
                message: "Ledger row \(movement) (\(kind) of \(Self.label(product, lotNumber))) of session \(session) was not written \(written), in the same transaction.")
        }
    }
}
