import PostgresClient

/// A value typed as text and checked once, where it is typed (an MRN, a catalog code, a lot
/// number): it keeps its canonical text, prints as it, orders by it, and travels to the database
/// as it.
public protocol CheckedText: Sendable, Hashable, Comparable, CustomStringConvertible, PostgresEncodable {
    /// The canonical text: trimmed, and re-cased where the value is matched case-insensitively.
    var text: String { get }
    /// Checks `text` as typed; a refusal names `field`, the input it came from.
    init(_ text: String, field: Message) throws(MesoError)
}

extension CheckedText {
    /// Checks `text` as typed; a refusal names `field`.
    public init(_ text: String, field: Field) throws(MesoError) {
        try self.init(text, field: "\(field)")
    }

    public var description: String { text }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.text < rhs.text }

    // Unspecified, as a String: the server coerces it into the column's type.
    public static var postgresType: PostgresType { .unspecified }
    public var postgresText: String { text }
}

extension CheckedText {
    /// The value of an input that may be absent: nil when it is, else checked as typed.
    public init?(_ text: String?, field: Field) throws(MesoError) {
        guard let text else { return nil }
        try self.init(text, field: "\(field)")
    }
}
