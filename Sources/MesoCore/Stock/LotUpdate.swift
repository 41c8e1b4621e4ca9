#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What a stock or status command wrote, and the lot as it stands after it.
public struct LotUpdate: Sendable, Hashable {
    public let lot: Lot
    /// The ledger rows written (a count, waste, discarded vials, or the destruction of what was
    /// left: one row for the sealed vials and one per open vial), if any.
    public let movements: [StockMovement]
    /// The status row written, if any.
    public let statusChange: LotStatusChange?

    /// What the rows written took out of the lot or put in, together.
    public var quantityML: Decimal { movements.reduce(0) { $0 + $1.quantityML } }
}
