#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Why a result value could not become the Swift type asked for; `PostgresRow` turns it into a
/// `PostgresError` naming the column.
public struct PostgresDecodingFailure: Error, Sendable {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A Swift value that can be read from a text-format result column.
public protocol PostgresDecodable {
    init(postgresText text: String) throws(PostgresDecodingFailure)
    /// Decodes a value that may be SQL NULL. Only `Optional` accepts NULL.
    static func decode(nullable text: String?) throws(PostgresDecodingFailure) -> Self
}

extension PostgresDecodable {
    public static func decode(nullable text: String?) throws(PostgresDecodingFailure) -> Self {
        guard let text else { throw PostgresDecodingFailure("is NULL but a value was expected") }
        return try Self(postgresText: text)
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        self = try Wrapped(postgresText: text)
    }

    public static func decode(nullable text: String?) throws(PostgresDecodingFailure) -> Self {
        guard let text else { return nil }
        return try Wrapped(postgresText: text)
    }
}

extension String: PostgresDecodable {
    public init(postgresText text: String) { self = text }
}

extension Int: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = Int(text) else { throw PostgresDecodingFailure("is not an integer") }
        self = value
    }
}

extension Int64: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = Int64(text) else { throw PostgresDecodingFailure("is not an integer") }
        self = value
    }
}

extension Int32: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = Int32(text) else { throw PostgresDecodingFailure("is not a 32-bit integer") }
        self = value
    }
}

extension Bool: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        switch text {
        case "t": self = true
        case "f": self = false
        default: throw PostgresDecodingFailure("is not a boolean")
        }
    }
}

extension Double: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = Double(text) else { throw PostgresDecodingFailure("is not a floating-point number") }
        self = value
    }
}

extension Decimal: PostgresDecodable {
    /// numeric's text output is `-?digits[.digits]` (or NaN/Infinity, which Decimal cannot hold).
    /// The characters are checked first because `Decimal(string:)` stops quietly at the first
    /// character it does not understand; more than 38 significant digits would be rounded.
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = Decimal(exactText: text) else {
            throw PostgresDecodingFailure("is not a decimal number that Decimal holds exactly")
        }
        self = value
    }
}

extension Decimal {
    /// Parses `[-+]digits[.digits]` exactly, with '.' as the separator whatever the locale;
    /// nil for anything else, or for more significant digits than Decimal keeps (38).
    ///
    /// Up to 18 significant digits (every quantity meso stores) the value is built from its digits
    /// directly, in the compact form `Decimal(string:)` gives; `Decimal(string:)` itself, many
    /// times slower, parses the rest.
    public init?(exactText text: some StringProtocol) {
        var digits = 0
        var sawDigit = false
        var sawPoint = false
        var leadingZeros = true
        var negative = false
        var mantissa: UInt64 = 0
        var fractionDigits = 0
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard offset == 0 else { return nil }
                negative = byte == UInt8(ascii: "-")
            case UInt8(ascii: "."):
                guard !sawPoint else { return nil }
                sawPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if byte != UInt8(ascii: "0") { leadingZeros = false }
                if !leadingZeros { digits += 1 }
                if sawPoint { fractionDigits += 1 }
                if digits <= 18 { mantissa = mantissa &* 10 &+ UInt64(byte - UInt8(ascii: "0")) }
            default:
                return nil
            }
        }
        guard sawDigit, digits <= 38 else { return nil }
        if digits <= 18 && fractionDigits <= 38 {
            guard mantissa != 0 else {
                self = 0
                return
            }
            var exponent = -fractionDigits
            while mantissa % 10 == 0 {
                mantissa /= 10
                exponent += 1
            }
            self = Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
            return
        }
        guard let value = Decimal(string: String(text)) else { return nil }
        self = value
    }
}

extension CalendarDate: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = CalendarDate(iso: text) else { throw PostgresDecodingFailure("is not a YYYY-MM-DD date") }
        self = value
    }
}

extension Timestamp: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = Timestamp(iso: text) else { throw PostgresDecodingFailure("is not an ISO timestamp") }
        self = value
    }
}

extension UUID: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = UUID(uuidString: text) else { throw PostgresDecodingFailure("is not a UUID") }
        self = value
    }
}

extension Array: PostgresDecodable where Element: PostgresDecodable {
    /// Reads a one-dimensional array literal (`{a,"b c",NULL}`).
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let elements = PostgresArrayLiteral.decode(text) else {
            throw PostgresDecodingFailure("is not a one-dimensional array")
        }
        var values: [Element] = []
        values.reserveCapacity(elements.count)
        for element in elements { values.append(try Element.decode(nullable: element)) }
        self = values
    }
}

extension PostgresArrayLiteral {
    static func decode(_ text: String) -> [String?]? {
        let scalars = Array(text.unicodeScalars)
        guard scalars.first == "{", scalars.last == "}" else { return nil }
        var elements: [String?] = []
        var index = 1
        let end = scalars.count - 1
        if index == end { return [] }
        while index < end {
            var element = String.UnicodeScalarView()
            var quoted = false
            if scalars[index] == "\"" {
                quoted = true
                index += 1
                while index < end, scalars[index] != "\"" {
                    if scalars[index] == "\\" { index += 1 }
                    guard index < end else { return nil }
                    element.append(scalars[index])
                    index += 1
                }
                guard index < end else { return nil }
                index += 1
            } else {
                while index < end, scalars[index] != "," {
                    guard scalars[index] != "{" else { return nil }
                    element.append(scalars[index])
                    index += 1
                }
            }
            let value = String(element)
            elements.append(!quoted && value == "NULL" ? nil : value)
            if index < end {
                guard scalars[index] == "," else { return nil }
                index += 1
            }
        }
        return elements
    }
}
