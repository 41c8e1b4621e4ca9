import PostgresClient

extension AuditService {
    /// Every session's verdict is what its stored findings say, a BLOCK session has an override of
    /// each rule that blocked and no override lifts nothing (Schema/0013's session_verdict_problem,
    /// which the commit-time trigger reads too): a session planted past the trigger, or stored before
    /// it, is caught here.
    func sessionVerdicts(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query("SELECT session_id, problem FROM session_verdict_problem ORDER BY session_id").rows.map { row in
            Discrepancy(rule: .sessionVerdict, sessionID: try row.decode("session_id"), message: try row.decode("problem"))
        }
    }
}
