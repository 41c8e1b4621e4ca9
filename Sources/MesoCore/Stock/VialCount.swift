/// How many vials, ampoules or syringes a delivery brings (or a scanned pack holds): a whole
/// number from 1 to 100,000.
public struct VialCount: CheckedNumber {
    public let value: Int

    public init(_ text: String, field: Message) throws(MesoError) {
        value = try FieldText.integer(text, field: field, in: 1...100_000)
    }
}
