#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Whether a session may be recorded, decided on the facts read under its locks, and what it
/// then draws: the check's findings, the override that lifts its clinical blocks, and the lots and
/// vials of each component (the check's plan: first expiry first out, or the lots named with `--lot`,
/// which `NamedLots` has resolved into the facts).
///
/// Pure, so that every refusal is decided the same way in `session record` and in the tests.
/// Nothing lifts a stock block: an override answers for a clinical judgement, and no judgement puts a
/// vial on the shelf or makes a recalled one safe.
public struct SessionGoAhead: Sendable, Hashable {
    public let report: CheckReport
    /// One complete plan per component of the formula, in component order.
    public let plans: [ComponentPlan]
    /// The check's findings as they are stored, blocks marked when the override lifted them.
    public let findings: [SessionFinding]
    /// Set when the session goes ahead despite clinical blocks.
    public let overrideReason: String?
    /// An override was given but the check blocked nothing, so there was nothing to lift and
    /// nothing is stored.
    public let overrideUnused: Bool

    public static func decide(facts: CheckFacts, report: CheckReport, overrideReason: String? = nil) throws(MesoError)
        -> SessionGoAhead
    {
        let blocks = report.blocks
        if !blocks.isEmpty {
            let messages = blocks.map(\.message).joined(separator: " ")
            if !report.overridable {
                let clinical =
                    blocks.contains(where: \.overridable)
                    ? " An override could lift the clinical blocks, never a stock block." : ""
                throw .refused("Session not recorded: \(messages)\(clinical)")
            }
            guard overrideReason != nil else {
                throw .refused(
                    "Session not recorded: the check blocks it. \(messages) To go ahead despite this, give --override REASON, which is stored with your name.")
            }
        }

        let lifted = !blocks.isEmpty
        return SessionGoAhead(
            report: report, plans: report.lotPlan,
            findings: report.findings.enumerated().map { index, finding in
                SessionFinding(position: index + 1, finding: finding, overridden: lifted && finding.severity == .block)
            },
            overrideReason: lifted ? overrideReason : nil, overrideUnused: !lifted && overrideReason != nil)
    }
}
