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
        // Up to 18 digits always fit an Int64: read them without a check at every digit, then check
        // the range once (ids, times in microseconds and days, as a lot's trace holds thousands of).
        if bytes.count <= 18, let first = bytes.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
            var value: Int64 = 0
            for byte in bytes {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value &* 10 &+ Int64(digit)
            }
            return Value(exactly: value)
        }
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
