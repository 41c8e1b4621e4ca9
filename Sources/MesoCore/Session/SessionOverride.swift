import PostgresClient

/// An override stored with a session: the rule it lifted, why, who (the actor and the database
/// login) and when (the server's clock), and the positions of the findings it lifted.
public struct SessionOverride: Sendable, Hashable {
    /// allergy, contraindication or reaction (dose-limit for sessions recorded when a dose-limit
    /// block could still be overridden).
    public let rule: CheckFinding.Rule
    public let reason: String
    public let actor: String
    public let login: String
    public let at: Timestamp
    public let liftedPositions: [Int]

    public init(rule: CheckFinding.Rule, reason: String, actor: String, login: String, at: Timestamp, liftedPositions: [Int]) {
        self.rule = rule
        self.reason = reason
        self.actor = actor
        self.login = login
        self.at = at
        self.liftedPositions = liftedPositions
    }

    /// The overrides of one session, from the arrays `Session.overridesJoin` aggregates.
    static func decode(_ row: PostgresRow) throws(PostgresError) -> [SessionOverride] {
        let rules: [String] = try row.decode("override_rules")
        let reasons: [String] = try row.decode("override_reasons")
        let actors: [String] = try row.decode("override_actors")
        let logins: [String] = try row.decode("override_logins")
        let times: [Timestamp] = try row.decode("override_times")
        let lifted: [String] = try row.decode("override_lifted")
        var overrides: [SessionOverride] = []
        for index in rules.indices {
            guard let rule = CheckFinding.Rule(rawValue: rules[index]) else {
                throw PostgresError(kind: .decoding, message: "an override names the unknown rule \(rules[index])")
            }
            overrides.append(
                SessionOverride(
                    rule: rule, reason: reasons[index], actor: actors[index], login: logins[index], at: times[index],
                    liftedPositions: lifted[index].split(separator: ",").compactMap { Int($0) }))
        }
        return overrides
    }
}

extension Session {
    /// The session's overrides as parallel arrays (`o.override_rules`, ...), one row per session, as the
    /// login may see them (Schema/0013's session_override_shown: the reason only for the practitioner
    /// and the auditor).
    static let overridesJoin = """

        LEFT JOIN LATERAL (
            SELECT coalesce(array_agg(x.rule ORDER BY x.rule), '{}') AS override_rules,
                   coalesce(array_agg(x.reason ORDER BY x.rule), '{}') AS override_reasons,
                   coalesce(array_agg(x.recorded_by ORDER BY x.rule), '{}') AS override_actors,
                   coalesce(array_agg(x.recorded_login ORDER BY x.rule), '{}') AS override_logins,
                   coalesce(array_agg(x.recorded_at ORDER BY x.rule), '{}') AS override_times,
                   coalesce(array_agg(array_to_string(x.lifted, ',') ORDER BY x.rule), '{}') AS override_lifted
              FROM session_override_shown x WHERE x.session_id = s.id) o ON true
        """

    static let overrideColumns =
        " o.override_rules, o.override_reasons, o.override_actors, o.override_logins, o.override_times, o.override_lifted"
}
