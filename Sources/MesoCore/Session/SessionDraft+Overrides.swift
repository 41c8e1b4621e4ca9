import PostgresClient

extension SessionDraft {
    /// The overrides of the session, one row per rule lifted with the positions of the findings it
    /// lifted, written after the findings, and as written, by rule as `session show` reads them;
    /// nothing is sent when the session went ahead over no block. When and by which login are the
    /// server's (Schema/0013).
    var writeOverrides: Fetch<[SessionOverride]> {
        let overrides = goAhead.overrides
        guard !overrides.isEmpty else { return Fetch(queries: []) { _ in [] } }
        return Fetch(
            """
            INSERT INTO session_override (session_id, rule, reason, lifted, recorded_at, recorded_by, recorded_login)
            SELECT currval('session_id_seq'), o.rule, o.reason, string_to_array(o.lifted, ',')::smallint[], now(),
                   \(actor), session_user
              FROM unnest(\(overrides.map(\.request.rule.rawValue)), \(overrides.map(\.request.reason)),
                          \(overrides.map { $0.positions.map(String.init).joined(separator: ",") }))
                   AS o(rule, reason, lifted)
            RETURNING rule, recorded_at, recorded_login
            """
        ) { result in
            var written: [String: (at: Timestamp, login: String)] = [:]
            for row in result.rows {
                written[try row.decode("rule")] = (try row.decode("recorded_at"), try row.decode("recorded_login"))
            }
            return try overrides.sorted { $0.request.rule.rawValue < $1.request.rule.rawValue }.map { lifting in
                let stored = try written[lifting.request.rule.rawValue].orThrow("the override of \(lifting.request.rule.rawValue)")
                return SessionOverride(
                    rule: CheckFinding.Rule(rawValue: lifting.request.rule.rawValue)!, reason: lifting.request.reason,
                    actor: actor, login: stored.login, at: stored.at, liftedPositions: lifting.positions)
            }
        }
    }
}
