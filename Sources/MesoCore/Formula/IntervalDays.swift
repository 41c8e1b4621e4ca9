/// The fewest days between two sessions of a formula (`Field.minIntervalDays`): 1 to 365.
public struct IntervalDays: CheckedNumber {
    public let value: Int

    public init(_ text: String, field: Message) throws(MesoError) {
        value = try FieldText.integer(text, field: field, in: 1...365)
    }
}
