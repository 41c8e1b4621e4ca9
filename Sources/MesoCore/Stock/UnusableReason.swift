/// Why a lot or an open vial may not be drawn for a session, as the database's rule says
/// (Schema/0015, meso_draw_refusal), or why a lot has nothing to draw.
public enum UnusableReason: String, Sendable, Hashable, CaseIterable {
    case quarantined, recalled, destroyed, expired
    /// An open vial past its beyond-use day (its in-use period or the lot's expiry): it waits to be
    /// discarded.
    case beyondUse = "beyond-use"
    /// Nothing left to draw.
    case empty
}

/// Whether a lot may be drawn now, and if not, the first reason why.
public enum LotUsability: Sendable, Hashable {
    case usable
    case unusable(UnusableReason)

    public var isUsable: Bool { self == .usable }
}
