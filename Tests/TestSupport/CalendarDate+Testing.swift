import PostgresClient

extension CalendarDate {
    /// Today's UTC date, moved by `days`: expiries in tests stay valid whatever day they run.
    public static func today(plus days: Int = 0) -> CalendarDate {
        Timestamp.now().utcDate.adding(days: days)
    }

    /// The six digits of a GS1 AI 17 (YYMMDD).
    public var gs1YYMMDD: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return two(year % 100) + two(month) + two(day)
    }
}
