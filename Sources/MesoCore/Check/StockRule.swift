import PostgresClient

/// Rule 8: every component must be covered by usable stock, planned first expiry first out by
/// `StockPlanner` (the same plan `session record` draws). A shortfall blocks, and no override can
/// lift it: a session cannot inject what the pharmacy does not have.
enum StockRule {
    static func plans(_ facts: CheckFacts, on day: CalendarDate) -> [ComponentPlan] {
        facts.formula.components.map { component in
            StockPlanner.plan(
                productCode: component.productCode, requiredML: component.volumeML, lots: facts.lots, on: day,
                singleUseVialML: component.singleUse ? component.vialML : nil)
        }
    }

    static func findings(_ plans: [ComponentPlan], components: [FormulaComponent]) -> [CheckFinding] {
        zip(plans, components).compactMap { plan, component in
            guard !plan.isComplete else { return nil }
            let available = plan.draws.reduce(0) { $0 + $1.injectedML }
            let vials = component.singleUse ? " (\(component.vialML.fixed(scale: 3)) mL single-use vials, drawn whole)" : ""
            return CheckFinding(
                severity: .block, rule: .stock,
                message:
                    "Not enough usable stock of \(component.productCode): \(component.volumeML.fixed(scale: 3)) mL needed, \(available.fixed(scale: 3)) mL in released, unexpired lots\(vials); no override can lift this.",
                productCode: component.productCode, overridable: false)
        }
    }
}
