import PostgresClient

/// Rule 9: every component must be covered by stock the database's rule lets the session draw
/// (Schema/0015), planned by `StockPlanner` vial by vial (the plan `session record` draws): open vials
/// first, then sealed vials first expiry first out, or the lots named with `Field.lot`, judged as they
/// stood at the session's time. A shortfall blocks, and no override can lift it: a session cannot
/// inject what the pharmacy does not have. A plan for a session in the past that draws vials received
/// since is reported as information.
enum StockRule {
    static func plans(_ facts: CheckFacts, at sessionAt: Timestamp) -> [ComponentPlan] {
        facts.formula.components.map { component in
            let kind: VialKind =
                component.singleUse ? .singleUse(vialML: component.vialML) : .multiDose(vialML: component.vialML)
            if let chosen = facts.chosenLots[component.productCode] {
                return StockPlanner.plan(
                    productCode: component.productCode, requiredML: component.volumeML, chosenLots: chosen, vials: kind)
            }
            return StockPlanner.plan(
                productCode: component.productCode, requiredML: component.volumeML, lots: facts.lots, vials: kind)
        }
    }

    static func findings(_ plans: [ComponentPlan], facts: CheckFacts, at sessionAt: Timestamp) -> [CheckFinding] {
        zip(plans, facts.formula.components).flatMap { plan, component in
            guard plan.isComplete else {
                return [shortfall(plan, component, chosen: facts.chosenLots[component.productCode])]
            }
            return arrivedSince(plan, at: sessionAt)
        }
    }

    private static func shortfall(_ plan: ComponentPlan, _ component: FormulaComponent, chosen: [StockLot]?)
        -> CheckFinding
    {
        let available = plan.injectedML.fixed(scale: 3)
        let needed = component.volumeML.fixed(scale: 3)
        let message: Message
        if let chosen {
            let vials = component.singleUse ? " in whole \(component.vialML.fixed(scale: 3)) mL vials" : ""
            let toDiscard = chosen.flatMap(\.openVials).filter(\.isToDiscard)
            let discard =
                toDiscard.isEmpty
                ? ""
                : " (open vial \(toDiscard.map { String($0.id) }.joined(separator: ", ")) is past its beyond-use day and never drawn)"
            message =
                "the lots named with \(.lot) for \(component.productCode) (\(chosen.map(\.lotNumber).joined(separator: ", "))) hold \(available) mL\(vials) of the \(needed) mL needed\(discard); name another lot as well, or leave \(.lot) out to draw first expiry first out."
        } else {
            let vials = component.singleUse ? " (\(component.vialML.fixed(scale: 3)) mL single-use vials, drawn whole)" : ""
            message =
                "Not enough usable stock of \(component.productCode): \(needed) mL needed, \(available) mL in released, unexpired lots\(vials); no override can lift this."
        }
        return CheckFinding(
            severity: .block, rule: .stock, message: message, productCode: component.productCode, overridable: false)
    }

    /// A session recorded after the fact whose plan draws vials received after its time: meso has no
    /// record of them in the clinic then, so the vial injected was probably another. Said, not refused:
    /// the lot the notes name is given with `Field.lot`, and the receipt's own date may simply have been
    /// typed late (`lot receive Field.at` records when it arrived).
    private static func arrivedSince(_ plan: ComponentPlan, at sessionAt: Timestamp) -> [CheckFinding] {
        var said: Set<Int64> = []
        return plan.draws.filter { !$0.arrivedByThen && said.insert($0.lot.id).inserted }.map { draw in
            let lot = draw.lot
            let message: Message =
                lot.hadArrived
                ? "Lot \(lot.lotNumber) of \(lot.productCode): the vials drawn arrived with its receipt of \(lot.receivedSinceAt ?? lot.receivedAt), after the session's time \(sessionAt): if the notes name another lot, give it with \(.lot)."
                : "Lot \(lot.lotNumber) of \(lot.productCode) was received at \(lot.receivedAt), after the session's time \(sessionAt): if the notes name another lot, give it with \(.lot)."
            return CheckFinding(
                severity: .info, rule: .stock, message: message, productCode: lot.productCode, lotID: lot.id,
                lotNumber: lot.lotNumber)
        }
    }
}
