#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A Swift value that can be sent to PostgreSQL as a text-format parameter.
public protocol PostgresEncodable: Sendable {
    static var postgresType: PostgresType { get }
    /// The value in PostgreSQL's text input syntax for `postgresType`.
    var postgresText: String { get }
    /// `postgresText`, or nil for SQL NULL: only an `Optional` that is nil says nil. A requirement
    /// rather than a dynamic cast to find the Optionals, which cost more than the encoding itself.
    var postgresTextOrNull: String? { get }
}

extension PostgresEncodable {
    public var postgresTextOrNull: String? { postgresText }
}

extension String: PostgresEncodable {
    // Unspecified rather than text: lets the server coerce a literal into char(n), citext, an enum, ...
    public static var postgresType: PostgresType { .unspecified }
    public var postgresText: String { self }
}

extension Substring: PostgresEncodable {
    public static var postgresType: PostgresType { .unspecified }
    public var postgresText: String { String(self) }
}

extension Int: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresText: String { String(self) }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresText: String { self ? "t" : "f" }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresType { .float8 }
    public var postgresText: String { "\(self)" }
}

extension Decimal: PostgresEncodable {
    public static var postgresType: PostgresType { .numeric }
    /// Decimal's description is plain positional notation with '.', independent of locale.
    public var postgresText: String { description }
}

extension CalendarDate: PostgresEncodable {
    public static var postgresType: PostgresType { .date }
    public var postgresText: String { description }
}

extension Timestamp: PostgresEncodable {
    public static var postgresType: PostgresType { .timestamptz }
    public var postgresText: String { description }
}

extension UUID: PostgresEncodable {
    public static var postgresType: PostgresType { .uuid }
    public var postgresText: String { uuidString.lowercased() }
}

/// Element types that have a PostgreSQL array type, so that `[Element]` binds as one
/// parameter (for `= ANY($1)` and `unnest($1, $2, ...)` bulk statements).
public protocol PostgresArrayElement: PostgresEncodable {
    static var postgresArrayType: PostgresType { get }
}

extension String: PostgresArrayElement { public static var postgresArrayType: PostgresType { .textArray } }
extension Int: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int8Array } }
extension Int64: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int8Array } }
extension Int32: PostgresArrayElement { public static var postgresArrayType: PostgresType { .int4Array } }
extension Bool: PostgresArrayElement { public static var postgresArrayType: PostgresType { .boolArray } }
extension Decimal: PostgresArrayElement { public static var postgresArrayType: PostgresType { .numericArray } }
extension CalendarDate: PostgresArrayElement { public static var postgresArrayType: PostgresType { .dateArray } }
extension Timestamp: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { .timestamptzArray }
}
extension UUID: PostgresArrayElement { public static var postgresArrayType: PostgresType { .uuidArray } }

extension Array: PostgresEncodable where Element: PostgresArrayElement {
    public static var postgresType: PostgresType { Element.postgresArrayType }
    /// Optional elements that are nil bind as NULLs inside the array.
    public var postgresText: String {
        // A closure, not `\.postgresTextOrNull`: in this generic context a key path would be built
        // at run time on every call, which profiles showed.
        PostgresArrayLiteral.encode(map { $0.postgresTextOrNull })
    }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    public static var postgresArrayType: PostgresType { Wrapped.postgresArrayType }
}

extension Optional: PostgresEncodable where Wrapped: PostgresEncodable {
    public static var postgresType: PostgresType { Wrapped.postgresType }
    /// Never read for `nil`: the query builder binds a NULL instead.
    public var postgresText: String { self?.postgresText ?? "" }
    public var postgresTextOrNull: String? { self?.postgresTextOrNull }
}

/// PostgreSQL's one-dimensional array literal: `{"a","b\"c",NULL}`.
enum PostgresArrayLiteral {
    static func encode(_ elements: [String?]) -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let element else {
                text += "NULL"
                continue
            }
            text += "\""
            if element.utf8.contains(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                for character in element.unicodeScalars {
                    if character == "\"" || character == "\\" { text += "\\" }
                    text.unicodeScalars.append(character)
                }
            } else {
                text += element
            }
            text += "\""
        }
        return text + "}"
    }
}
