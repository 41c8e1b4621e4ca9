/// How many days ahead a listing looks for expiries (`Field.expiringWithin`, `Field.within`): 0 to
/// 3650, ten years, longer than any product's shelf life.
public struct DaysAhead: CheckedNumber {
    public let value: Int

    public init(_ text: String, field: Message) throws(MesoError) {
        value = try FieldText.integer(text, field: field, in: 0...3650)
    }
}
