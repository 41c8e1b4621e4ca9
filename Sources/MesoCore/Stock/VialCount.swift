/// How many vials, ampoules or syringes a delivery brings (or a scanned pack holds): a whole
/// number from 1 to 100,000.
public struct VialCount: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Int

    public init(_ text: String, field: Message) throws(MesoError) {
        value = try FieldText.integer(text, field: field, in: 1...100_000)
    }

    public init(_ text: String, field: Field) throws(MesoError) {
        try self.init(text, field: "\(field)")
    }

    /// The count of an option that may be absent: nil when it is, else checked as typed.
    public init?(_ text: String?, field: Field) throws(MesoError) {
        guard let text else { return nil }
        try self.init(text, field: "\(field)")
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public var description: String { String(value) }
}
