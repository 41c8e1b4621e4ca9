import PostgresClient

/// Rule 8: every component must be covered by usable stock, planned first expiry first out by
/// `StockPlanner` (the same plan `session record` draws). A shortfall blocks, and no override can
/// lift it: a session cannot inject what the pharmacy does not have. A plan for a session in the past
/// that draws a lot received since is reported as information.
enum StockRule {
    static func plans(_ facts: CheckFacts, at sessionAt: Timestamp) -> [ComponentPlan] {
        facts.formula.components.map { component in
            StockPlanner.plan(
                productCode: component.productCode, requiredML: component.volumeML, lots: facts.lots, at: sessionAt,
                singleUseVialML: component.singleUse ? component.vialML : nil)
        }
    }

    static func findings(_ plans: [ComponentPlan], facts: CheckFacts, at sessionAt: Timestamp) -> [CheckFinding] {
        zip(plans, facts.formula.components).flatMap { plan, component in
            guard plan.isComplete else { return [shortfall(plan, component)] }
            return arrivedSince(plan, at: sessionAt)
        }
    }

    private static func shortfall(_ plan: ComponentPlan, _ component: FormulaComponent) -> CheckFinding {
        let available = plan.draws.reduce(0) { $0 + $1.injectedML }
        let vials = component.singleUse ? " (\(component.vialML.fixed(scale: 3)) mL single-use vials, drawn whole)" : ""
        return CheckFinding(
            severity: .block, rule: .stock,
            message:
                "Not enough usable stock of \(component.productCode): \(component.volumeML.fixed(scale: 3)) mL needed, \(available.fixed(scale: 3)) mL in released, unexpired lots\(vials); no override can lift this.",
            productCode: component.productCode, overridable: false)
    }

    /// A session recorded after the fact whose plan draws a lot received after its time: meso has
    /// no record of that lot in the clinic then, so the vial injected was probably another. Said, not
    /// refused: the lot the notes name is given with `--lot`, and the receipt's own date may simply
    /// have been typed late (`lot receive --at` records when it arrived).
    private static func arrivedSince(_ plan: ComponentPlan, at sessionAt: Timestamp) -> [CheckFinding] {
        plan.draws.filter { !$0.lot.hadArrived(by: sessionAt) }.map { draw in
            CheckFinding(
                severity: .info, rule: .stock,
                message:
                    "Lot \(draw.lot.lotNumber) of \(draw.lot.productCode) was received at \(draw.lot.receivedAt), after the session's time \(sessionAt): if the notes name another lot, give it with --lot.",
                productCode: draw.lot.productCode, lotID: draw.lot.id, lotNumber: draw.lot.lotNumber)
        }
    }
}
