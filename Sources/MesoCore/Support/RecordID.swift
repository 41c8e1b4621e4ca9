/// The number meso gave a record, as typed to name it (a medication, a condition, an allergy, a
/// session, an adverse event, an open vial): a whole number from 1.
public struct RecordID: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Int64

    public init(_ text: String, field: Message) throws(MesoError) {
        value = Int64(try FieldText.integer(text, field: field, in: 1...Int.max))
    }

    public init(_ text: String, field: Field) throws(MesoError) {
        try self.init(text, field: "\(field)")
    }

    /// The ID of an option that may be absent: nil when it is, else checked as typed.
    public init?(_ text: String?, field: Field) throws(MesoError) {
        guard let text else { return nil }
        try self.init(text, field: "\(field)")
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public var description: String { String(value) }
}
