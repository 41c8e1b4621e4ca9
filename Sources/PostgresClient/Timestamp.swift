#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An instant with microsecond precision: what PostgreSQL's `timestamptz` holds.
/// Stored as whole microseconds so that a value read and written back is never rounded
/// (a `Double` of seconds cannot hold every microsecond of this century exactly).
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) {
        self.microsecondsSinceEpoch = microsecondsSinceEpoch
    }

    public init(date: CalendarDate, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0) {
        let seconds = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        self.microsecondsSinceEpoch = seconds * 1_000_000 + Int64(microsecond)
    }

    public static func now() -> Timestamp {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Timestamp(microsecondsSinceEpoch: Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000)
    }

    /// The UTC calendar day this instant falls on.
    public var utcDate: CalendarDate {
        CalendarDate(daysSinceEpoch: Int(floorDiv(microsecondsSinceEpoch, 86_400_000_000)))
    }

    public func adding(seconds: Int64) -> Timestamp {
        Timestamp(microsecondsSinceEpoch: microsecondsSinceEpoch + seconds * 1_000_000)
    }

    /// Parses ISO 8601 / RFC 3339 and PostgreSQL's ISO output:
    /// `YYYY-MM-DD[T| ]HH:MM[:SS[.ffffff]][Z|±HH[:MM]]`, or a bare `YYYY-MM-DD` (midnight UTC).
    /// A time without an offset is taken as UTC.
    public init?(iso text: some StringProtocol) {
        var text = String(text)
        guard let time = text.withUTF8({ Timestamp(isoBytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = time
    }

    /// Parses the same forms from UTF-8 bytes: rows are decoded from the result's bytes without a
    /// `String` in between.
    public init?(isoBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count >= 10, let date = CalendarDate(isoBytes: UnsafeRawBufferPointer(rebasing: bytes[0..<10]))
        else { return nil }
        if bytes.count == 10 {
            self.init(date: date)
            return
        }
        guard bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " ")
            || bytes[10] == UInt8(ascii: "t"),
            let hour = CalendarDate.digits(bytes[11..<13]), bytes[13] == UInt8(ascii: ":"),
            let minute = CalendarDate.digits(bytes[14..<16]), hour < 24, minute < 60
        else { return nil }
        var index = 16
        var second = 0
        var micro = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: ":") {
            guard index + 3 <= bytes.count, let s = CalendarDate.digits(bytes[(index + 1)..<(index + 3)]), s < 60
            else { return nil }
            second = s
            index += 3
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
                index += 1
                var count = 0
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
                    // Digits beyond microseconds are truncated, as PostgreSQL would round them away.
                    if count < 6 { micro = micro * 10 + Int(bytes[index] - UInt8(ascii: "0")) }
                    count += 1
                    index += 1
                }
                guard count > 0 else { return nil }
                if count < 6 { for _ in count..<6 { micro *= 10 } }
            }
        }
        var offsetSeconds = 0
        if index < bytes.count {
            let sign = bytes[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z") {
                index += 1
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                // ±HH, ±HHMM, ±HH:MM, ±HHMMSS or ±HH:MM:SS.
                var value = 0
                var digits = 0
                for byte in bytes[(index + 1)...] where byte != UInt8(ascii: ":") {
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                    digits += 1
                }
                guard [2, 4, 6].contains(digits) else { return nil }
                let padded = digits == 2 ? value * 10_000 : digits == 4 ? value * 100 : value
                let (h, m, s) = (padded / 10_000, padded / 100 % 100, padded % 100)
                guard h < 24, m < 60, s < 60 else { return nil }
                offsetSeconds = (h * 3600 + m * 60 + s) * (sign == UInt8(ascii: "-") ? -1 : 1)
                index = bytes.count
            } else {
                return nil
            }
        }
        guard index == bytes.count else { return nil }
        let local = Timestamp(date: date, hour: hour, minute: minute, second: second, microsecond: micro)
        self.init(microsecondsSinceEpoch: local.microsecondsSinceEpoch - Int64(offsetSeconds) * 1_000_000)
    }

    /// ISO 8601 in UTC: `2026-11-25T09:30:00Z`, with `.ffffff` when the instant has a fraction.
    public var description: String {
        let seconds = floorDiv(microsecondsSinceEpoch, 1_000_000)
        let micro = Int(microsecondsSinceEpoch - seconds * 1_000_000)
        let date = CalendarDate(daysSinceEpoch: Int(floorDiv(seconds, 86_400)))
        let secondOfDay = Int(seconds - floorDiv(seconds, 86_400) * 86_400)
        var text = date.description + "T" + twoDigits(secondOfDay / 3600) + ":"
            + twoDigits(secondOfDay / 60 % 60) + ":" + twoDigits(secondOfDay % 60)
        if micro != 0 {
            let fraction = String(micro)
            text += "." + String(repeating: "0", count: 6 - fraction.count) + fraction
        }
        return text + "Z"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch
    }
}

extension Timestamp: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Timestamp(iso: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not an ISO 8601 time"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

private func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

private func twoDigits(_ value: Int) -> String {
    value < 10 ? "0" + String(value) : String(value)
}
