import PostgresClient

/// A session that went ahead over a block, for `audit patient`: the block (the findings the
/// override lifted), the reason, who gave it (actor and login) and when.
public struct OverriddenBlock: Sendable, Hashable {
    public let sessionID: Int64
    public let performedAt: Timestamp
    public let override: SessionOverride
    /// The messages of the findings the override lifted.
    public let blocks: [String]

    /// The overrides of the patient's sessions, in the order performed, as the login may read them
    /// (the auditor reads the reasons, not the clinical details of the findings they lifted).
    static func query(mrn: String) -> PostgresQuery {
        """
        SELECT o.session_id, s.performed_at, o.rule, o.reason, o.recorded_by, o.recorded_login, o.recorded_at,
               array_to_string(o.lifted, ',') AS lifted,
               array(SELECT f.message FROM session_finding_shown f
                      WHERE f.session_id = o.session_id AND f.position = ANY(o.lifted) ORDER BY f.position) AS blocks
          FROM session_override_shown o
          JOIN session s ON s.id = o.session_id
          JOIN patient p ON p.id = s.patient_id
         WHERE p.mrn = \(mrn)
         ORDER BY s.performed_at, o.session_id, o.rule
        """
    }

    init(row: PostgresRow) throws(PostgresError) {
        sessionID = try row.decode("session_id")
        performedAt = try row.decode("performed_at")
        let rule: String = try row.decode("rule")
        guard let checkRule = CheckFinding.Rule(rawValue: rule) else {
            throw PostgresError(kind: .decoding, message: "an override names the unknown rule \(rule)")
        }
        let lifted: String = try row.decode("lifted")
        override = SessionOverride(
            rule: checkRule, reason: try row.decode("reason"), actor: try row.decode("recorded_by"),
            login: try row.decode("recorded_login"), at: try row.decode("recorded_at"),
            liftedPositions: lifted.split(separator: ",").compactMap { Int($0) })
        blocks = try row.decode("blocks")
    }
}
