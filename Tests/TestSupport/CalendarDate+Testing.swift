import PostgresClient

extension CalendarDate {
    /// Today's UTC date, moved by `days`: expiries in tests stay valid whatever day they run.
    public static func today(plus days: Int = 0) -> CalendarDate {
        Timestamp.now().utcDate.adding(days: days)
    }

    /// The first day of the month `months` from this one (negative: earlier). Scenarios set in
    /// past months stay within the year a session may be back-dated, whatever day the suite runs.
    public static func firstOfMonth(monthsFromNow months: Int) -> CalendarDate {
        let day = today().adding(months: months)
        return CalendarDate(year: day.year, month: day.month, day: 1)!
    }

    /// The `day`th day of this date's month, at `time` UTC, as an ISO 8601 string.
    public func at(day: Int, _ time: String = "10:00:00") -> String {
        "\(adding(days: day - self.day))T\(time)Z"
    }

    /// The six digits of a GS1 AI 17 (YYMMDD).
    public var gs1YYMMDD: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return two(year % 100) + two(month) + two(day)
    }
}
