import PostgresClient

/// The outcome of the pre-session check.
public struct CheckReport: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable, CaseIterable, Codable {
        case pass = "PASS"
        case warn = "WARN"
        case block = "BLOCK"
    }

    public let verdict: Verdict
    /// Blocks, then warnings, then information; within each, in the order of the rules.
    public let findings: [CheckFinding]
    /// How each component would be drawn, first expiry first out, split across lots if needed.
    public let lotPlan: [ComponentPlan]
    /// The time of the session checked; its UTC day is the day the dates are compared with.
    public let sessionAt: Timestamp

    public init(findings: [CheckFinding], lotPlan: [ComponentPlan], sessionAt: Timestamp) {
        self.findings = findings.enumerated().sorted {
            ($0.element.severity.rank, $0.offset) < ($1.element.severity.rank, $1.offset)
        }.map(\.element)
        if findings.contains(where: { $0.severity == .block }) {
            verdict = .block
        } else if findings.contains(where: { $0.severity == .warn }) {
            verdict = .warn
        } else {
            verdict = .pass
        }
        self.lotPlan = lotPlan
        self.sessionAt = sessionAt
    }

    public var blocks: [CheckFinding] { findings.filter { $0.severity == .block } }
    public var warnings: [CheckFinding] { findings.filter { $0.severity == .warn } }

    /// Whether an override can let the session go ahead: true unless a block is of a kind no
    /// override lifts (not enough stock).
    public var overridable: Bool { blocks.allSatisfy(\.overridable) }
}
