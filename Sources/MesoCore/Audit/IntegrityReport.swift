/// What `audit verify` checked and every discrepancy it found, from one snapshot of the database.
public struct IntegrityReport: Sendable, Hashable {
    public let lotsChecked: Int
    public let movementsChecked: Int
    public let sessionsChecked: Int
    /// Triggers and row-level policies looked up.
    public let guardsChecked: Int
    public let discrepancies: [Discrepancy]

    /// True when every rule holds.
    public var holds: Bool { discrepancies.isEmpty }
}
