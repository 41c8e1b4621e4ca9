/// A lot with its receipts, its ledger (oldest first, each row with the balance after it), its
/// opened vials and its status history.
public struct LotHistory: Sendable, Hashable {
    public let lot: Lot
    public let receipts: [RecordedReceipt]
    public let movements: [StockMovement]
    public let vials: [VialRecord]
    public let statusChanges: [LotStatusChange]
}
