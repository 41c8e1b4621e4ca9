import PostgresClient

/// A pgbench script being written, with the constants it binds. Every value a statement binds
/// becomes a pgbench variable (`:name`, defined with `-D name=value`), so that pgbench sends it as
/// a parameter of a prepared statement (`-M prepared`), as meso does, rather than as SQL text.
/// A value meso sends typed is cast to that type, which is what its type OID tells the server.
struct PgbenchScript {
    let file: String
    /// Variables of this script are named after it, since `-D` names are shared by all scripts.
    let prefix: String
    private(set) var lines: [String] = []
    private(set) var constants: [(name: String, value: String)] = []

    init(file: String, prefix: String, comment: String) {
        self.file = file
        self.prefix = prefix
        lines.append("-- " + comment)
    }

    mutating func line(_ text: String) {
        lines.append(text)
    }

    /// A statement: pgbench ends each at its semicolon.
    mutating func statement(_ sql: String) {
        lines.append(sql.trimmingTrailingWhitespace() + ";")
    }

    /// A reference to `value` bound as a parameter. A nil value is a parameter too, as meso sends
    /// it: pgbench cannot send a NULL, so it sends `nullMarker` and the statement turns it back
    /// with NULLIF (a NULL written into the SQL would be folded away when planning).
    mutating func bind(_ value: String?, type: PostgresType = .unspecified) -> String {
        let cast = Self.typeName(type).map { "::" + $0 } ?? ""
        guard let value else { return "NULLIF(:\(Self.nullVariable), '\(Self.nullMarker)')" + cast }
        let name = "\(prefix)_\(constants.count + 1)"
        constants.append((name, value))
        return ":" + name + cast
    }

    /// The variable every script reads a NULL parameter from (defined once for all of them).
    static let nullVariable = "null_parameter"
    static let nullMarker = "-"


    var text: String { lines.joined(separator: "\n") + "\n" }

    /// The name of the type a parameter was bound with, for the cast that stands for its type OID.
    static func typeName(_ type: PostgresType) -> String? {
        let names: [UInt32: String] = [
            16: "bool", 20: "int8", 23: "int4", 25: "text", 701: "float8", 1082: "date", 1184: "timestamptz",
            1700: "numeric", 2950: "uuid", 1000: "bool[]", 1007: "int4[]", 1009: "text[]", 1016: "int8[]",
            1022: "float8[]", 1182: "date[]", 1185: "timestamptz[]", 1231: "numeric[]", 2951: "uuid[]",
        ]
        return names[type.rawValue]
    }

    /// `sql` with each `$n` outside quotes replaced by `replacement(n)`.
    static func substitute(_ sql: String, _ replacement: (Int) -> String) -> String {
        var result = ""
        let scalars = Array(sql.unicodeScalars)
        var index = 0
        var quote: Unicode.Scalar?
        while index < scalars.count {
            let scalar = scalars[index]
            if let open = quote {
                result.unicodeScalars.append(scalar)
                if scalar == open { quote = nil }
                index += 1
            } else if scalar == "'" || scalar == "\"" {
                quote = scalar
                result.unicodeScalars.append(scalar)
                index += 1
            } else if scalar == "$", index + 1 < scalars.count, ("0"..."9").contains(scalars[index + 1]) {
                var end = index + 1
                var number = 0
                while end < scalars.count, ("0"..."9").contains(scalars[end]) {
                    number = number * 10 + Int(scalars[end].value - 48)
                    end += 1
                }
                result += replacement(number)
                index = end
            } else {
                result.unicodeScalars.append(scalar)
                index += 1
            }
        }
        return result
    }
}

extension String {
    fileprivate func trimmingTrailingWhitespace() -> String {
        var text = self
        while text.last?.isWhitespace == true { text.removeLast() }
        return text
    }
}
