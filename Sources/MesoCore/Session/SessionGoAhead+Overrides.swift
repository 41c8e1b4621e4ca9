/// An override that lifts the blocks of its rule, with the positions (1, 2, ...) of the findings it lifts.
public struct LiftingOverride: Sendable, Hashable {
    public let request: OverrideRequest
    public let positions: [Int]
}

extension SessionGoAhead {
    /// The overrides that let a blocked session go ahead: each names a rule that blocked. Refused
    /// (nothing written) when a block is of a kind no override lifts (stock, dose limit), or when a
    /// rule blocked that no override names: a reason written for one rule never lifts another, nor a
    /// block that appeared after it was written.
    static func liftingOverrides(_ report: CheckReport, _ overrides: [OverrideRequest]) throws(MesoError)
        -> [LiftingOverride]
    {
        let blocks = report.blocks
        guard !blocks.isEmpty else { return [] }
        if !report.overridable {
            let messages = Message.joined(blocks.filter { !$0.overridable }.map(\.message), separator: " ")
            let clinical =
                blocks.contains(where: \.overridable)
                ? " An override could lift the clinical blocks, never a stock or dose-limit block." : ""
            throw .refused("Session not recorded: \(messages)\(clinical)")
        }
        let named = Set(overrides.map(\.rule))
        var unlifted: [OverrideRule] = []
        for block in blocks {
            guard let rule = OverrideRule(block.rule), !named.contains(rule), !unlifted.contains(rule) else { continue }
            unlifted.append(rule)
        }
        if !unlifted.isEmpty {
            let rules = unlifted.map(\.rawValue).joined(separator: ", ")
            let messages = blocks.filter { OverrideRule($0.rule).map(unlifted.contains) ?? false }.map(\.message)
            let example = Message.joined(unlifted.map { "\(.override) \"\($0.rawValue):REASON\"" }, separator: " ")
            throw .refused(
                "Session not recorded: the check blocks it and no override names \(rules). \(Message.joined(messages, separator: " ")) To go ahead despite this, give \(example), which is stored with your name.")
        }
        return overrides.compactMap { request in
            let positions = report.findings.enumerated().compactMap { index, finding in
                finding.severity == .block && OverrideRule(finding.rule) == request.rule ? index + 1 : nil
            }
            return positions.isEmpty ? nil : LiftingOverride(request: request, positions: positions)
        }
    }
}
