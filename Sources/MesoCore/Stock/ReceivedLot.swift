/// What a receipt wrote: the lot as it stands after it, the receipt with its packs, and whether the
/// lot was new to the clinic.
public struct ReceivedLot: Sendable, Hashable {
    public let lot: Lot
    public let receipt: RecordedReceipt
    public let isNew: Bool
}
