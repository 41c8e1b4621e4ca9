#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Whether a session may be recorded, decided on the facts read under its locks, and what it
/// then draws: the check's findings, the overrides that lift its clinical blocks (one per rule,
/// SessionGoAhead+Overrides.swift), and the lots and volumes of each component (first expiry first
/// out, or the lots named with `--lot`).
///
/// Pure, so that every refusal is decided the same way in `session record` and in the tests.
/// Nothing lifts a stock block or an unusable lot named with `--lot`: an override answers for a
/// clinical judgement, and no judgement puts a vial on the shelf or makes a recalled one safe.
public struct SessionGoAhead: Sendable, Hashable {
    public let report: CheckReport
    /// One complete plan per component of the formula, in component order.
    public let plans: [ComponentPlan]
    /// The check's findings as they are stored, blocks marked as lifted by their rule's override.
    public let findings: [SessionFinding]
    /// The overrides stored with the session: one per rule that blocked, with the findings it lifted.
    public let overrides: [LiftingOverride]
    /// Overrides given for a rule that blocked nothing: there was nothing to lift and nothing is stored.
    public let unusedOverrides: [OverrideRequest]

    /// - Parameters:
    ///   - namedLots: the lots `choices` name, as read (whatever their status), to tell an unknown
    ///     lot from an unusable one; where a named lot is also among `facts.lots` (locked), that
    ///     fresher row's balance is the one judged, with the status a named lot is judged by (which
    ///     for a session well in the past is the status it had then, where the plan's lots must
    ///     also be released now).
    ///   - now: the clock that tells a session well in the past (its lots judged as they were then)
    ///     from one being recorded as it happens.
    public static func decide(
        facts: CheckFacts, report: CheckReport, choices: [LotChoice] = [], namedLots: [StockLot] = [],
        overrides: [OverrideRequest] = [], now: Timestamp = .now()
    ) throws(MesoError) -> SessionGoAhead {
        let sessionAt = report.sessionAt
        let judgedThen = ClockTolerance.isWellPast(sessionAt, now: now)
        let formula = facts.formula
        let products = formula.components.map(\.productCode)

        // Every lot named must exist and belong to the formula (invalid input) before any is judged.
        var named: [(choice: LotChoice, lot: StockLot)] = []
        for choice in choices {
            guard products.contains(choice.productCode) else {
                throw .invalid(
                    "--lot",
                    "--lot \(choice) is a lot of \(choice.productCode), which is not in formula \(formula.code) version \(formula.version) (its products: \(products.joined(separator: ", "))).")
            }
            guard
                let read = namedLots.first(where: {
                    $0.productCode == choice.productCode && $0.lotNumber == choice.lotNumber
                })
            else {
                throw .invalid("--lot", "--lot \(choice): \(choice.productCode) has no lot \(choice.lotNumber).")
            }
            named.append((choice, facts.lots.first { $0.id == read.id }.map { $0.withStatus(read.status) } ?? read))
        }
        var chosen: [String: [StockLot]] = [:]
        for (choice, lot) in named {
            if case .unusable(let reason) = lot.usability(at: sessionAt) {
                throw .refused(
                    "Session not recorded: --lot \(choice) \(explanation(reason, lot, sessionAt, judgedThen: judgedThen)); no override can lift this.")
            }
            chosen[choice.productCode, default: []].append(lot)
        }

        let lifting = try liftingOverrides(report, overrides)

        var plans: [ComponentPlan] = []
        for (component, firstExpiryFirstOut) in zip(formula.components, report.lotPlan) {
            guard let lots = chosen[component.productCode] else {
                plans.append(firstExpiryFirstOut)
                continue
            }
            let plan = StockPlanner.plan(
                productCode: component.productCode, requiredML: component.volumeML, chosenLots: lots, at: sessionAt,
                singleUseVialML: component.singleUse ? component.vialML : nil)
            guard plan.isComplete else {
                let available = plan.requiredML - plan.shortfallML
                let vials = component.singleUse ? " in whole \(component.vialML.fixed(scale: 3)) mL vials" : ""
                throw .refused(
                    "Session not recorded: the lots named with --lot for \(component.productCode) (\(lots.map(\.lotNumber).joined(separator: ", "))) hold \(available.fixed(scale: 3)) mL\(vials) of the \(component.volumeML.fixed(scale: 3)) mL needed; name another lot as well, or leave --lot out to draw first expiry first out.")
            }
            plans.append(plan)
        }

        return SessionGoAhead(
            report: report, plans: plans,
            findings: report.findings.enumerated().map { index, finding in
                SessionFinding(position: index + 1, finding: finding, overridden: finding.severity == .block)
            },
            overrides: lifting, unusedOverrides: overrides.filter { request in !lifting.contains { $0.request == request } })
    }

    /// Why a named lot cannot be drawn, to follow "--lot P:L". `judgedThen`: the session is well in
    /// the past, and the lot's status was read as it was at the session's time.
    static func explanation(_ reason: UnusableReason, _ lot: StockLot, _ sessionAt: Timestamp, judgedThen then: Bool)
        -> String
    {
        switch reason {
        case .quarantined:
            return then
                ? "was quarantined at the session's time \(sessionAt): the pharmacist had not released it"
                : "is quarantined: the pharmacist has not released it"
        case .recalled:
            return then
                ? "was already recalled at the session's time \(sessionAt) and is never injected"
                : "is recalled and is never injected"
        case .destroyed: return "is destroyed"
        case .expired: return "expired on \(lot.expiry) and cannot be used on \(sessionAt.utcDate)"
        case .empty: return "is empty"
        }
    }
}
