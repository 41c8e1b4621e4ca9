import PostgresClient

/// A validated `course plan`.
public struct NewCourse: Sendable, Hashable {
    public let mrn: MRN
    public let formulaCode: FormulaCode
    public let start: CalendarDate
    /// Sessions of the first series, one formula interval apart.
    public let seriesSessions: Int

    /// A course is planned when it starts, or entered soon after: a start further than a year from
    /// today either way is a mistyped date, whose schedule would be all overdue or out of sight.
    public static let furthestStartDays = 366

    /// - Parameter today: the start is checked against it.
    public init(patient: MRN, formula: FormulaCode, start: CalendarDate, sessions: SeriesSessions?, today: CalendarDate = Timestamp.now().utcDate)
        throws(MesoError)
    {
        mrn = patient
        formulaCode = formula
        guard abs(today.days(until: start)) <= Self.furthestStartDays else {
            throw .invalid("\(.start)", "\(.start) \(start) is more than a year from today: check the date of the first session.")
        }
        self.start = start
        seriesSessions = sessions?.value ?? SeriesSessions.default
    }
}
