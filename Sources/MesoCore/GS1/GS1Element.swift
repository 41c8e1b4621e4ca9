#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// One element of a label: its AI, its value as printed, the Syntax Dictionary's title for it, and
/// what the value means.
public struct GS1Element: Sendable, Hashable {
    /// "01", "17", "3103".
    public let ai: String
    /// The value as the label carries it (a bracketed label's `\(` read as "(").
    public let value: String
    /// The dictionary's title: "USE BY or EXPIRY", "NET WEIGHT (kg)", "NHRN AIM".
    public let title: String
    public let decoded: GS1Value
}

/// What an element's value means, as far as GS1 defines it.
public enum GS1Value: Sendable, Hashable {
    /// No further meaning than the characters: lots, serials, identifiers, national numbers (710-716).
    case text(String)
    /// A count of items (AIs 30 and 37).
    case count(Int)
    /// A date: production (11), best before (15), expiry (17)... DD 00 is the month's last day.
    case date(CalendarDate)
    /// A date with a time of day: expiry date and time (7003), production time (8008)...
    case dateTime(GS1DateTime)
    /// A harvest date range (7007) with its end date.
    case dateRange(from: CalendarDate, to: CalendarDate)
    /// A trade or logistic measure (31nn-36nn), the AI's last digit placing the decimal point, in
    /// the unit of its title ("kg", "m²", "l").
    case measure(Decimal, unit: String)
    /// An amount (390n-393n, 395n): the ISO 4217 numeric currency code where the AI gives one.
    case amount(Decimal, currency: String?)
    /// A percentage (394n).
    case percent(Decimal)
    /// ISO 3166 country codes (422-426, 4307, 4317).
    case countries([String])
}

enum GS1Decoding {
    static func element(_ item: GS1Field, today: CalendarDate) -> GS1Element {
        let definition = item.definition
        let text = String(decoding: item.value, as: UTF8.self)
        return GS1Element(ai: definition.ai, value: text, title: definition.title, decoded: decode(item, text: text, today: today))
    }

    static func decode(_ item: GS1Field, text: String, today: CalendarDate) -> GS1Value {
        let definition = item.definition
        let ai = Array(definition.ai.utf8)
        if definition.ai == "30" || definition.ai == "37" { return .count(Int(text) ?? 0) }
        if ai.count == 4, ai[0] == UInt8(ascii: "3"), (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(ai[1]) {
            return .measure(decimal(item.value, places: ai[3]), unit: unit(definition.title))
        }
        if ai.count == 4, ai[0] == UInt8(ascii: "3"), ai[1] == UInt8(ascii: "9") {
            let places = ai[3]
            switch ai[2] {
            case UInt8(ascii: "1"), UInt8(ascii: "3"):
                return .amount(decimal(item.value.dropFirst(3), places: places), currency: String(text.prefix(3)))
            case UInt8(ascii: "4"): return .percent(decimal(item.value, places: places))
            default: return .amount(decimal(item.value, places: places), currency: nil)
            }
        }
        let parts = components(item)
        let linters = parts.map { $0.component.linters }
        if !parts.isEmpty && linters.allSatisfy({ $0.contains(.iso3166) || $0.contains(.iso3166alpha2) }) {
            return .countries(parts.map { String(decoding: $0.text, as: UTF8.self) })
        }
        guard let first = linters.first, first.contains(where: { [.yymmd0, .yymmdd, .yyyymmdd].contains($0) }) else {
            return .text(text)
        }
        let date = GS1Dates.date(Array(parts[0].text), today: today)
        if parts.count == 1 { return .date(date) }
        if linters[1].contains(where: { [.yymmdd, .yymmd0].contains($0) }) {
            return .dateRange(from: date, to: GS1Dates.date(Array(parts[1].text), today: today))
        }
        let time = parts.dropFirst().flatMap(\.text)
        let second = time.count >= 6 ? GS1Dates.number(time[4..<6]) : nil
        let minute = time.count >= 4 ? GS1Dates.number(time[2..<4]) : 0
        return .dateTime(GS1DateTime(date: date, hour: GS1Dates.number(time.prefix(2)), minute: minute, second: second))
    }

    /// The value cut into its components, as the syntax consumed it (absent optional ones left out).
    static func components(_ item: GS1Field) -> [(component: GS1Component, text: ArraySlice<UInt8>)] {
        var parts: [(GS1Component, ArraySlice<UInt8>)] = []
        var start = 0
        for component in item.definition.components {
            let length = min(component.maximumLength, item.value.count - start)
            if length == 0 { continue }
            parts.append((component, item.value[start..<(start + length)]))
            start += length
        }
        return parts
    }

    /// The digits as a number with its last `places` digits after the decimal point, exactly.
    static func decimal(_ digits: some Collection<UInt8>, places: UInt8) -> Decimal {
        let significand = digits.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) }
        return Decimal(sign: .plus, exponent: -Int(places - UInt8(ascii: "0")), significand: Decimal(significand))
    }

    /// "NET WEIGHT (kg)" → "kg"; "KG PER m²" → "kg/m²".
    static func unit(_ title: String) -> String {
        if let open = title.firstIndex(of: "("), let close = title[open...].firstIndex(of: ")") {
            return String(title[title.index(after: open)..<close])
        }
        return title.replacing("KG PER ", with: "kg/")
    }
}
