/// A lot with its ledger (oldest first, each row with the balance after it) and status history.
public struct LotHistory: Sendable, Hashable {
    public let lot: Lot
    public let movements: [StockMovement]
    public let statusChanges: [LotStatusChange]
}
