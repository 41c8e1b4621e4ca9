import PostgresClient

/// A validated `course plan`.
public struct NewCourse: Sendable, Hashable {
    /// Results show from sessions 3 to 5 of a series (Fixtures' reference facts): five by default.
    public static let defaultSeriesSessions = 5

    public let mrn: MRN
    public let formulaCode: FormulaCode
    public let start: CalendarDate
    /// Sessions of the first series, one formula interval apart.
    public let seriesSessions: Int

    /// A course is planned when it starts, or entered soon after: a start further than a year from
    /// today either way is a mistyped date, whose schedule would be all overdue or out of sight.
    public static let furthestStartDays = 366

    /// - Parameter today: the start is checked against it.
    public init(patient: MRN, formula: FormulaCode, start: CalendarDate, sessions: String?, today: CalendarDate = Timestamp.now().utcDate)
        throws(MesoError)
    {
        mrn = patient
        formulaCode = formula
        guard abs(today.days(until: start)) <= Self.furthestStartDays else {
            throw .invalid("\(.start)", "\(.start) \(start) is more than a year from today: check the date of the first session.")
        }
        self.start = start
        seriesSessions = try sessions.map { text throws(MesoError) in
            try FieldText.integer(text, field: "\(.sessions)", in: 1...20)
        } ?? Self.defaultSeriesSessions
    }
}
