/// The fewest days between two sessions of a formula (`Field.minIntervalDays`): 1 to 365.
public struct IntervalDays: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Int

    public init(_ text: String, field: Message) throws(MesoError) {
        value = try FieldText.integer(text, field: field, in: 1...365)
    }

    /// The interval of an option that may be absent: nil when it is, else checked as typed.
    public init?(_ text: String?, field: Field) throws(MesoError) {
        guard let text else { return nil }
        try self.init(text, field: "\(field)")
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public var description: String { String(value) }
}
