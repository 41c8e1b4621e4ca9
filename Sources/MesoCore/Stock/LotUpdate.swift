/// What a stock or status command wrote, and the lot as it stands after it.
public struct LotUpdate: Sendable, Hashable {
    public let lot: Lot
    /// The ledger row written (a count, waste, or the destruction of what was left), if any.
    public let movement: StockMovement?
    /// The status row written, if any.
    public let statusChange: LotStatusChange?
}
