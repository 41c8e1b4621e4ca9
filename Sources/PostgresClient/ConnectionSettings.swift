import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A connection string taken apart by libpq's own parser (`PQconninfoParse`), so that URL and
/// `key=value` forms are read exactly as libpq reads them, and so that the password is known
/// and can be kept out of every message.
struct ConnectionSettings {
    private(set) var options: [(String, String)] = []
    private var secrets: [String] = []

    init(parsing connectionString: String) throws(PostgresError) {
        var errorPointer: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(connectionString, &errorPointer) else {
            if let errorPointer { PQfreemem(errorPointer) }
            // libpq's parse error quotes the string, which may hold a password: say only what is wrong.
            throw PostgresError(
                kind: .client,
                message: "the database URL is malformed (expected postgresql://... or key=value pairs)")
        }
        defer { PQconninfoFree(parsed) }
        var option = parsed
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val {
                let name = String(cString: keyword)
                let text = String(cString: value)
                options.append((name, text))
                if name == "password" || name == "sslpassword", !text.isEmpty { secrets.append(text) }
            }
            option += 1
        }
        if let password = getenv("PGPASSWORD").map({ String(cString: $0) }), !password.isEmpty {
            secrets.append(password)
        }
    }

    func value(of keyword: String) -> String? {
        options.first { $0.0 == keyword }?.1
    }

    /// Replaces every occurrence of a password (and its percent-encoded form) with `***`.
    func redact(_ message: String) -> String {
        var text = message
        for secret in secrets {
            for form in [secret, percentEncoded(secret)] where !form.isEmpty {
                text = text.replacing(form, with: "***")
            }
        }
        return text
    }

    private func percentEncoded(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return result
    }
}

/// Connection strings derived from another, for tools and tests that open several databases on
/// one server.
public enum ConnectionString {
    /// `base` with one keyword set (`dbname`, `user`, ...), as a `key=value` string.
    public static func replacing(_ keyword: String, with value: String, in base: String) throws(PostgresError) -> String {
        let settings = try ConnectionSettings(parsing: base)
        var options = settings.options.filter { $0.0 != keyword }
        options.append((keyword, value))
        return options.map { "\($0.0)=\(quote($0.1))" }.joined(separator: " ")
    }

    /// libpq's quoting for key=value strings: single quotes, with `\` and `'` escaped.
    static func quote(_ value: String) -> String {
        var text = "'"
        for character in value {
            if character == "\\" || character == "'" { text += "\\" }
            text.append(character)
        }
        return text + "'"
    }
}
