/// A statement and its parameters. Built by string interpolation, every `\(value)` becomes a
/// bound `$n` parameter, never text spliced into the SQL:
///
///     let query: PostgresQuery = "SELECT on_hand FROM lot WHERE product_code = \(code)"
///
/// SQL text that is not a literal can only enter through `\(unsafeRaw:)`, a name that makes the
/// exception visible in review.
public struct PostgresQuery: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public private(set) var sql: String
    public private(set) var bindings: PostgresBindings

    public init(stringLiteral value: String) {
        self.sql = value
        self.bindings = PostgresBindings()
    }

    public init(stringInterpolation: StringInterpolation) {
        self.sql = stringInterpolation.sql
        self.bindings = stringInterpolation.bindings
    }

    /// SQL text (with its own `$n` placeholders, if any) taken as it is.
    public init(unsafeSQL sql: String, bindings: PostgresBindings = PostgresBindings()) {
        self.sql = sql
        self.bindings = bindings
    }

    /// Joins fragments, renumbering the placeholders of later ones.
    public static func + (lhs: PostgresQuery, rhs: PostgresQuery) -> PostgresQuery {
        var interpolation = StringInterpolation(literalCapacity: 0, interpolationCount: 0)
        interpolation.appendInterpolation(lhs)
        interpolation.appendInterpolation(rhs)
        return PostgresQuery(stringInterpolation: interpolation)
    }

    /// The SQL only: bound values are not part of it, so it is safe to log.
    public var description: String { sql }

    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var bindings = PostgresBindings()

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// An `Optional` that is nil binds as SQL NULL.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            bindings.append(value)
            sql += "$\(bindings.count)"
        }

        /// A value that may be nil: nil binds as SQL NULL of the wrapped type.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            if let value {
                appendInterpolation(value)
            } else {
                bindings.appendNull(type: Value.postgresType)
                sql += "$\(bindings.count)"
            }
        }

        /// Another query as a fragment; its placeholders are renumbered after ours.
        public mutating func appendInterpolation(_ fragment: PostgresQuery) {
            sql += PostgresQuery.renumber(fragment.sql, by: bindings.count)
            bindings.append(contentsOf: fragment.bindings)
        }

        /// A quoted identifier (table, column, role): `"name"`, with embedded quotes doubled.
        public mutating func appendInterpolation(identifier: String) {
            sql += "\"" + identifier.replacing("\"", with: "\"\"") + "\""
        }

        /// SQL text spliced in as it is. Only for text the program itself owns (a migration file,
        /// a fixed fragment); never for a value that came from a user.
        public mutating func appendInterpolation(unsafeRaw text: String) {
            sql += text
        }
    }

    /// Shifts every `$n` placeholder outside string literals and quoted identifiers by `offset`.
    /// Works on UTF-8 bytes: every byte it looks for is ASCII, and no multi-byte character
    /// contains an ASCII byte.
    static func renumber(_ sql: String, by offset: Int) -> String {
        guard offset > 0, sql.utf8.contains(UInt8(ascii: "$")) else { return sql }
        let bytes = Array(sql.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + 8)
        var index = 0
        var quote: UInt8?
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                result.append(byte)
                if byte == open { quote = nil }
                index += 1
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
                result.append(byte)
                index += 1
            } else if byte == UInt8(ascii: "$"), index + 1 < bytes.count, isDigit(bytes[index + 1]) {
                var end = index + 1
                var number = 0
                while end < bytes.count, isDigit(bytes[end]) {
                    number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                    end += 1
                }
                result.append(UInt8(ascii: "$"))
                result.append(contentsOf: String(number + offset).utf8)
                index = end
            } else {
                result.append(byte)
                index += 1
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}

/// Text-format parameter values with their type OIDs; `nil` is SQL NULL.
public struct PostgresBindings: Sendable, Hashable {
    public private(set) var values: [String?] = []
    public private(set) var types: [PostgresType] = []

    public init() {}

    public var count: Int { values.count }

    /// The value, or a NULL of its type when it is an `Optional` that is nil.
    public mutating func append<Value: PostgresEncodable>(_ value: Value) {
        values.append(value.postgresTextOrNull)
        types.append(Value.postgresType)
    }

    public mutating func appendNull(type: PostgresType = .unspecified) {
        values.append(nil)
        types.append(type)
    }

    public mutating func append(contentsOf other: PostgresBindings) {
        values.append(contentsOf: other.values)
        types.append(contentsOf: other.types)
    }
}
