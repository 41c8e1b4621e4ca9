/// The number meso gave a record, as typed to name it (a medication, a condition, an allergy, a
/// session, an adverse event, an open vial): a whole number from 1.
public struct RecordID: CheckedNumber {
    public let value: Int64

    public init(_ text: String, field: Message) throws(MesoError) {
        value = Int64(try FieldText.integer(text, field: field, in: 1...Int.max))
    }
}
