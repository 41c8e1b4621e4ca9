#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Whether a session may be recorded, decided on the facts read under its locks, and what it
/// then draws: the check's findings, the overrides that lift its clinical blocks (one per rule,
/// SessionGoAhead+Overrides.swift), and the lots and vials of each component (the check's plan: first
/// expiry first out, or the lots named with `Field.lot`, which `NamedLots` has resolved into the facts).
///
/// Pure, so that every refusal is decided the same way in `session record` and in the tests.
/// Nothing lifts a stock block: an override answers for a clinical judgement, and no judgement puts a
/// vial on the shelf or makes a recalled one safe.
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

    public static func decide(facts: CheckFacts, report: CheckReport, overrides: [OverrideRequest] = [])
        throws(MesoError) -> SessionGoAhead
    {
        let lifting = try liftingOverrides(report, overrides)
        return SessionGoAhead(
            report: report, plans: report.lotPlan,
            findings: report.findings.enumerated().map { index, finding in
                SessionFinding(position: index + 1, finding: finding, overridden: finding.severity == .block)
            },
            overrides: lifting, unusedOverrides: overrides.filter { request in !lifting.contains { $0.request == request } })
    }
}
