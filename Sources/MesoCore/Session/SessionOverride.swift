import PostgresClient

/// The clinical rules whose blocks an override may lift. A stock or dose-limit block is lifted by
/// nothing: no judgement puts a vial on the shelf, and a cosmetic procedure has no reason to
/// exceed a maximum dose.
public enum OverrideRule: String, Sendable, Hashable, CaseIterable, Codable {
    case allergy
    case contraindication
    case reaction

    /// The override rule that lifts a finding of this check rule, if any may.
    public init?(_ rule: CheckFinding.Rule) {
        switch rule {
        case .allergy: self = .allergy
        case .contraindication: self = .contraindication
        case .reaction: self = .reaction
        case .allergyAssessment, .bleedingRisk, .interval, .doseLimit, .stock: return nil
        }
    }
}

/// `--override RULE:REASON` as typed: the rule it lifts and why.
public struct OverrideRequest: Sendable, Hashable {
    public let rule: OverrideRule
    public let reason: String

    /// Parses `RULE:REASON`, split at the first colon.
    ///
    /// An unknown rule is a usage error; `stock` and `dose-limit` are refused as input, since no
    /// override lifts them; text without a rule (the older form, `--override REASON`) is a usage
    /// error that shows the form to use.
    public init(_ text: String) throws(MesoError) {
        let field = "--override"
        let rules = OverrideRule.allCases.map(\.rawValue).joined(separator: ", ")
        let newForm =
            "--override names the rule it lifts: give --override RULE:REASON, RULE being \(rules) (for example --override \"allergy:allergist cleared lidocaine, letter on file\")."
        guard let colon = text.firstIndex(of: ":") else {
            throw MesoError(.usage, newForm, field: field)
        }
        let named = FieldText.trim(String(text[..<colon])).lowercased()
        guard !named.isEmpty, named.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "-" }) else {
            throw MesoError(.usage, newForm, field: field)
        }
        if named == CheckFinding.Rule.stock.rawValue {
            throw .invalid(
                field, "--override stock is refused: no override lifts a stock block (a session cannot inject what is not on the shelf).")
        }
        if named == CheckFinding.Rule.doseLimit.rawValue {
            throw .invalid(
                field,
                "--override dose-limit is refused: no override lifts a dose-limit block (a cosmetic procedure has no reason to exceed a maximum dose).")
        }
        guard let rule = OverrideRule(rawValue: named) else {
            throw MesoError(.usage, "--override \(named): no such rule; RULE is one of \(rules).", field: field)
        }
        self.rule = rule
        reason = try FieldText.note(String(text[text.index(after: colon)...]), field: field)
    }

    /// Each rule at most once.
    public static func parse(_ texts: [String]) throws(MesoError) -> [OverrideRequest] {
        var overrides: [OverrideRequest] = []
        for text in texts {
            let parsed = try OverrideRequest(text)
            guard !overrides.contains(where: { $0.rule == parsed.rule }) else {
                throw .invalid("--override", "--override \(parsed.rule.rawValue) is given twice: give one reason per rule.")
            }
            overrides.append(parsed)
        }
        return overrides
    }
}

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
    /// The session's overrides as parallel arrays (`o.override_rules`, ...), one row per session.
    static let overridesJoin = """

        LEFT JOIN LATERAL (
            SELECT coalesce(array_agg(x.rule ORDER BY x.rule), '{}') AS override_rules,
                   coalesce(array_agg(x.reason ORDER BY x.rule), '{}') AS override_reasons,
                   coalesce(array_agg(x.recorded_by ORDER BY x.rule), '{}') AS override_actors,
                   coalesce(array_agg(x.recorded_login ORDER BY x.rule), '{}') AS override_logins,
                   coalesce(array_agg(x.recorded_at ORDER BY x.rule), '{}') AS override_times,
                   coalesce(array_agg(array_to_string(x.lifted, ',') ORDER BY x.rule), '{}') AS override_lifted
              FROM session_override x WHERE x.session_id = s.id) o ON true
        """

    static let overrideColumns =
        " o.override_rules, o.override_reasons, o.override_actors, o.override_logins, o.override_times, o.override_lifted"
}
