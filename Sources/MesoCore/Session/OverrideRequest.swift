/// `Field.override RULE:REASON` as typed: the rule it lifts and why.
public struct OverrideRequest: Sendable, Hashable {
    public let rule: OverrideRule
    public let reason: String

    /// Parses `RULE:REASON`, split at the first colon.
    ///
    /// An unknown rule is a usage error; `stock` and `dose-limit` are refused as input, since no
    /// override lifts them; text without a rule (the older form, `Field.override REASON`) is a usage
    /// error that shows the form to use.
    public init(_ text: String) throws(MesoError) {
        let field: Message = "\(.override)"
        let rules = OverrideRule.allCases.map(\.rawValue).joined(separator: ", ")
        let newForm: Message =
            "\(.override) names the rule it lifts: give \(.override) RULE:REASON, RULE being \(rules) (for example \(.override) \"allergy:allergist cleared lidocaine, letter on file\")."
        guard let colon = text.firstIndex(of: ":") else {
            throw MesoError(.usage, newForm, field: field)
        }
        let named = FieldText.trim(String(text[..<colon])).lowercased()
        guard !named.isEmpty, named.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || $0 == "-" }) else {
            throw MesoError(.usage, newForm, field: field)
        }
        if named == CheckFinding.Rule.stock.rawValue {
            throw .invalid(
                field, "\(.override) stock is refused: no override lifts a stock block (a session cannot inject what is not on the shelf).")
        }
        if named == CheckFinding.Rule.doseLimit.rawValue {
            throw .invalid(
                field,
                "\(.override) dose-limit is refused: no override lifts a dose-limit block (a cosmetic procedure has no reason to exceed a maximum dose).")
        }
        guard let rule = OverrideRule(rawValue: named) else {
            throw MesoError(.usage, "\(.override) \(named): no such rule; RULE is one of \(rules).", field: field)
        }
        self.rule = rule
        reason = try FieldText.note(String(text[text.index(after: colon)...]), field: field)
    }

    /// `Field.override` as typed, each in turn, each rule at most once: the first malformed or
    /// repeated one is refused.
    public static func parse(_ texts: [String]) throws(MesoError) -> [OverrideRequest] {
        var overrides: [OverrideRequest] = []
        for text in texts {
            overrides.append(try OverrideRequest(text))
            try requireOnePerRule(overrides)
        }
        return overrides
    }

    /// Refuses a rule overridden twice: one reason per rule.
    public static func requireOnePerRule(_ overrides: [OverrideRequest]) throws(MesoError) {
        for (index, override) in overrides.enumerated() where overrides[..<index].contains(where: { $0.rule == override.rule }) {
            throw .invalid("\(.override)", "\(.override) \(override.rule.rawValue) is given twice: give one reason per rule.")
        }
    }
}
