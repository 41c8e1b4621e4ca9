import PostgresClient

/// Rule 8: every component must be covered by usable stock, planned first expiry first out by
/// `StockPlanner` (the same plan `session record` draws). A shortfall blocks, and no override can
/// lift it: a session cannot inject what the pharmacy does not have.
enum StockRule {
    static func plans(_ facts: CheckFacts, at sessionAt: Timestamp) -> [ComponentPlan] {
        facts.formula.components.map { component in
            StockPlanner.plan(
                productCode: component.productCode, requiredML: component.volumeML, lots: facts.lots, at: sessionAt,
                singleUseVialML: component.singleUse ? component.vialML : nil)
        }
    }

    static func findings(_ plans: [ComponentPlan], facts: CheckFacts, at sessionAt: Timestamp) -> [CheckFinding] {
        zip(plans, facts.formula.components).compactMap { plan, component in
            guard !plan.isComplete else { return nil }
            let available = plan.draws.reduce(0) { $0 + $1.injectedML }
            let vials = component.singleUse ? " (\(component.vialML.fixed(scale: 3)) mL single-use vials, drawn whole)" : ""
            // A back-dated session misses lots that arrived since: say which, or the shortfall
            // would contradict the stock on the shelf.
            let later = facts.lots.filter {
                $0.productCode == component.productCode && $0.usability(at: sessionAt) == .unusable(.notYetReceived)
            }.sorted(by: StockLot.fefoOrder).map(\.lotNumber)
            let notYetReceived =
                later.isEmpty
                ? "" : "; \(later.count == 1 ? "lot" : "lots") \(later.joined(separator: ", ")) not yet received at the session's time \(sessionAt)"
            return CheckFinding(
                severity: .block, rule: .stock,
                message:
                    "Not enough usable stock of \(component.productCode): \(component.volumeML.fixed(scale: 3)) mL needed, \(available.fixed(scale: 3)) mL in released, unexpired lots\(vials)\(notYetReceived); no override can lift this.",
                productCode: component.productCode, overridable: false)
        }
    }
}
