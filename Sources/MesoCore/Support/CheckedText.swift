import PostgresClient

/// A value typed as text and checked once, where it is typed (an MRN, a catalog code, a lot
/// number): it keeps its canonical text, prints as it, orders by it, and travels to the database
/// as it.
public protocol CheckedText: TypedValue, Sendable, Hashable, Comparable, CustomStringConvertible, PostgresEncodable {
    /// The canonical text: trimmed, and re-cased where the value is matched case-insensitively.
    var text: String { get }
}

extension CheckedText {
    public var description: String { text }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.text < rhs.text }

    // Unspecified, as a String: the server coerces it into the column's type.
    public static var postgresType: PostgresType { .unspecified }
    public var postgresText: String { text }
}
