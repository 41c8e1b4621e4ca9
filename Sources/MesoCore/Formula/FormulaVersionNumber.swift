/// A formula's version as typed (`Field.version`): 1 upwards, within what the database's integer holds.
public struct FormulaVersionNumber: CheckedNumber {
    public let value: Int

    public init(_ text: String, field: Message) throws(MesoError) {
        value = try FieldText.integer(text, field: field, in: 1...Int(Int32.max))
    }
}
