import PostgresClient

/// A validated `course plan`.
public struct NewCourse: Sendable, Hashable {
    /// Results show from sessions 3 to 5 of a series (Fixtures' reference facts): five by default.
    public static let defaultSeriesSessions = 5

    public let mrn: String
    public let formulaCode: String
    public let start: CalendarDate
    /// Sessions of the first series, one formula interval apart.
    public let seriesSessions: Int

    public init(patient: String, formula: String, start: String, sessions: String?) throws(MesoError) {
        mrn = try FieldText.mrn(patient, field: "--patient")
        formulaCode = try FieldText.code(formula, field: "--formula", upperCase: true)
        self.start = try FieldText.date(start, field: "--start")
        seriesSessions = try sessions.map { text throws(MesoError) in
            try FieldText.integer(text, field: "--sessions", in: 1...20)
        } ?? Self.defaultSeriesSessions
    }
}
