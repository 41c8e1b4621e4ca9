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
            if let optional = value as? any OptionalProtocol, optional.isNone {
                bindings.appendNull(type: Value.postgresType)
            } else {
                bindings.append(value)
            }
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
    static func renumber(_ sql: String, by offset: Int) -> String {
        guard offset > 0, sql.contains("$") else { return sql }
        var result = String.UnicodeScalarView()
        let scalars = Array(sql.unicodeScalars)
        var index = 0
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                result.append(scalar)
                if scalar == open { quote = nil }
                index += 1
                continue
            }
            if scalar == "'" || scalar == "\"" {
                quote = scalar
                result.append(scalar)
                index += 1
                continue
            }
            if scalar == "$", index + 1 < scalars.count, ("0"..."9").contains(scalars[index + 1]) {
                var end = index + 1
                var number = 0
                while end < scalars.count, ("0"..."9").contains(scalars[end]) {
                    number = number * 10 + Int(scalars[end].value - 48)
                    end += 1
                }
                result.append(contentsOf: "$\(number + offset)".unicodeScalars)
                index = end
                continue
            }
            result.append(scalar)
            index += 1
        }
        return String(result)
    }
}

/// Text-format parameter values with their type OIDs; `nil` is SQL NULL.
public struct PostgresBindings: Sendable, Hashable {
    public private(set) var values: [String?] = []
    public private(set) var types: [PostgresType] = []

    public init() {}

    public var count: Int { values.count }

    public mutating func append<Value: PostgresEncodable>(_ value: Value) {
        values.append(value.postgresText)
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
