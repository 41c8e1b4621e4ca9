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
///
/// Rows hand over each value as the UTF-8 bytes of the result (`init(postgresBytes:)`); types that
/// parse bytes directly (numbers, dates, times, booleans) skip building a `String` per value, which
/// dominated the decoding of long traces. Others are handed the text.
public protocol PostgresDecodable {
    init(postgresText text: String) throws(PostgresDecodingFailure)
    /// The bytes are only valid during the call.
    init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure)
    /// Decodes a value that may be SQL NULL. Only `Optional` accepts NULL.
    static func decode(nullable text: String?) throws(PostgresDecodingFailure) -> Self
    /// Decodes a value that may be SQL NULL (nil bytes). Only `Optional` accepts NULL.
    static func decode(nullableBytes bytes: UnsafeRawBufferPointer?) throws(PostgresDecodingFailure) -> Self
}

extension PostgresDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        try self.init(postgresText: String(decoding: bytes, as: UTF8.self))
    }

    public static func decode(nullable text: String?) throws(PostgresDecodingFailure) -> Self {
        guard let text else { throw PostgresDecodingFailure("is NULL but a value was expected") }
        return try Self(postgresText: text)
    }

    public static func decode(nullableBytes bytes: UnsafeRawBufferPointer?) throws(PostgresDecodingFailure) -> Self {
        guard let bytes else { throw PostgresDecodingFailure("is NULL but a value was expected") }
        return try Self(postgresBytes: bytes)
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        self = try Wrapped(postgresText: text)
    }

    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        self = try Wrapped(postgresBytes: bytes)
    }

    public static func decode(nullable text: String?) throws(PostgresDecodingFailure) -> Self {
        guard let text else { return nil }
        return try Wrapped(postgresText: text)
    }

    public static func decode(nullableBytes bytes: UnsafeRawBufferPointer?) throws(PostgresDecodingFailure) -> Self {
        guard let bytes else { return nil }
        return try Wrapped(postgresBytes: bytes)
    }
}

/// A value parsed from its UTF-8 bytes alone: its text form (an array's element) goes through the
/// same parser, so each type has one grammar.
public protocol PostgresByteDecodable: PostgresDecodable {}

extension PostgresByteDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        var text = text
        // Typed throws do not pass through withUTF8's rethrows: the failure is carried out by hand.
        let parsed = text.withUTF8 { bytes -> Result<Self, PostgresDecodingFailure> in
            do throws(PostgresDecodingFailure) {
                return .success(try Self(postgresBytes: UnsafeRawBufferPointer(bytes)))
            } catch {
                return .failure(error)
            }
        }
        self = try parsed.get()
    }
}

/// Base-10 integers as PostgreSQL prints them (`-?digits`), parsed from bytes with overflow checked.
enum PostgresInteger {
    static func parse<Value: FixedWidthInteger & SignedInteger>(_ bytes: UnsafeRawBufferPointer, as: Value.Type) -> Value? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        guard index < bytes.count else { return nil }
        // Accumulated negatively so that Value.min parses.
        var value: Value = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(Value(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        if negative { return value }
        let (positive, overflow) = (0 as Value).subtractingReportingOverflow(value)
        return overflow ? nil : positive
    }
}

extension String: PostgresDecodable {
    public init(postgresText text: String) { self = text }
}

extension Int: PostgresByteDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        guard let value = PostgresInteger.parse(bytes, as: Int.self) else { throw PostgresDecodingFailure("is not an integer") }
        self = value
    }
}

extension Int64: PostgresByteDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        guard let value = PostgresInteger.parse(bytes, as: Int64.self) else { throw PostgresDecodingFailure("is not an integer") }
        self = value
    }
}

extension Int32: PostgresByteDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        guard let value = PostgresInteger.parse(bytes, as: Int32.self) else { throw PostgresDecodingFailure("is not a 32-bit integer") }
        self = value
    }
}

extension Bool: PostgresByteDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        guard bytes.count == 1, bytes[0] == UInt8(ascii: "t") || bytes[0] == UInt8(ascii: "f") else {
            throw PostgresDecodingFailure("is not a boolean")
        }
        self = bytes[0] == UInt8(ascii: "t")
    }
}

extension Double: PostgresDecodable {
    public init(postgresText text: String) throws(PostgresDecodingFailure) {
        guard let value = Double(text) else { throw PostgresDecodingFailure("is not a floating-point number") }
        self = value
    }
}

extension Decimal: PostgresByteDecodable {
    /// numeric's text output is `-?digits[.digits]` (or NaN/Infinity, which Decimal cannot hold).
    /// The characters are checked first because `Decimal(string:)` stops quietly at the first
    /// character it does not understand; more than 38 significant digits would be rounded.
    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        guard let value = Decimal(exactUTF8: bytes) else {
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
        self.init(exactUTF8: text.utf8)
    }

    /// `init(exactText:)` over UTF-8 bytes.
    public init?(exactUTF8 bytes: some Collection<UInt8>) {
        var digits = 0
        var sawDigit = false
        var sawPoint = false
        var leadingZeros = true
        var negative = false
        var mantissa: UInt64 = 0
        var fractionDigits = 0
        for (offset, byte) in bytes.enumerated() {
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
        guard let value = Decimal(string: String(decoding: bytes, as: UTF8.self)) else { return nil }
        self = value
    }
}

extension CalendarDate: PostgresByteDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        guard let value = CalendarDate(isoBytes: bytes) else { throw PostgresDecodingFailure("is not a YYYY-MM-DD date") }
        self = value
    }
}

extension Timestamp: PostgresByteDecodable {
    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        guard let value = Timestamp(isoBytes: bytes) else { throw PostgresDecodingFailure("is not an ISO timestamp") }
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
