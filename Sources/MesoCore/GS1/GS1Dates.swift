import PostgresClient

/// GS1 dates and times: the date linters (`yymmd0`, `yymmdd`, `yyyymmdd`), the time linters
/// (`hhmi`, `hh`, `mi`, `ss`), and their decoding.
enum GS1Dates {
    static func number(_ digits: some Collection<UInt8>) -> Int {
        digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    /// A YYMMDD, YYMM00 (day unspecified) or YYYYMMDD date; `today` places YY in its century.
    static func fault(in value: [UInt8], linter: GS1Linter, today: CalendarDate) -> GS1LintFault? {
        let length = linter == .yyyymmdd ? 8 : 6
        guard value.count == length else {
            return .init(value.count < length ? "DATE_TOO_SHORT" : "DATE_TOO_LONG", "must be a date of \(length) digits")
        }
        guard value.allSatisfy(GS1Linter.isDigit) else { return .init("NON_DIGIT_CHARACTER", "must be all digits") }
        let format = linter == .yyyymmdd ? "YYYYMMDD" : "YYMMDD"
        let year = year(of: value, today: today)
        let month = number(value[(length - 4)..<(length - 2)])
        let day = number(value[(length - 2)...])
        guard (1...12).contains(month) else {
            return .init("ILLEGAL_MONTH", "is not a real date (\(format)): there is no month \(month)")
        }
        if day == 0 && linter == .yymmd0 { return nil }
        guard day >= 1 && day <= CalendarDate.daysIn(month: month, year: year) else {
            let zero = day == 0 ? ", and day 00 is not allowed here" : ""
            return .init("ILLEGAL_DAY", "is not a real date (\(format)): month \(month) of \(year) has no day \(day)\(zero)")
        }
        return nil
    }

    static func year(of value: [UInt8], today: CalendarDate) -> Int {
        value.count == 8
            ? number(value.prefix(4))
            : GS1ElementString.centuryWindow(twoDigitYear: number(value.prefix(2)), today: today)
    }

    /// The date a linted date component stands for; DD 00 (where allowed) is the month's last day.
    static func date(_ value: [UInt8], today: CalendarDate) -> CalendarDate {
        let length = value.count
        let year = year(of: value, today: today)
        let month = number(value[(length - 4)..<(length - 2)])
        let day = number(value[(length - 2)...])
        let first = CalendarDate(year: year, month: month, day: 1)!
        return day == 0 ? first.endOfMonth : CalendarDate(year: year, month: month, day: day)!
    }

    static func timeFault(in value: [UInt8], linter: GS1Linter) -> GS1LintFault? {
        let (length, name, format): (Int, String, String) =
            switch linter {
            case .hhmi: (4, "HOUR_WITH_MINUTE", "HHMM")
            case .hh: (2, "HOUR", "HH")
            case .mi: (2, "MINUTE", "MM")
            default: (2, "SECOND", "SS")
            }
        guard value.count == length else {
            return .init(value.count < length ? "\(name)_TOO_SHORT" : "\(name)_TOO_LONG", "must be a time of \(length) digits")
        }
        guard value.allSatisfy(GS1Linter.isDigit) else { return .init("NON_DIGIT_CHARACTER", "must be all digits") }
        let first = number(value.prefix(2))
        switch linter {
        case .hhmi, .hh:
            if first > 23 { return .init("ILLEGAL_HOUR", "is not a real time (\(format)): there is no hour \(first)") }
            if linter == .hhmi && number(value.suffix(2)) > 59 {
                return .init("ILLEGAL_MINUTE", "is not a real time (\(format)): there is no minute \(number(value.suffix(2)))")
            }
        case .mi:
            if first > 59 { return .init("ILLEGAL_MINUTE", "is not a real time (\(format)): there is no minute \(first)") }
        default:
            if first > 59 { return .init("ILLEGAL_SECOND", "is not a real time (\(format)): there is no second \(first)") }
        }
        return nil
    }
}

/// A date and time of day as a label prints it: no time zone, which GS1 leaves to the context.
public struct GS1DateTime: Sendable, Hashable, CustomStringConvertible {
    public let date: CalendarDate
    public let hour: Int
    public let minute: Int
    /// Nil when the label gives no seconds (or no minutes: AI 8008 may stop at the hour).
    public let second: Int?

    public init(date: CalendarDate, hour: Int, minute: Int, second: Int?) {
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// ISO 8601 without a zone: `2027-11-30T14:30` or `2027-11-30T14:30:05`.
    public var description: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(date)T\(two(hour)):\(two(minute))" + (second.map { ":\(two($0))" } ?? "")
    }
}
