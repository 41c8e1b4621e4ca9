import PostgresClient

/// A treatment course as planned: a patient, a formula, and the sessions due.
public struct Course: Sendable, Hashable {
    public let id: Int64
    public let patientMRN: String
    public let patientName: String
    public let formulaCode: String
    public let formulaName: String
    public let start: CalendarDate
    public let seriesSessions: Int
    public let intervalDays: Int
    public let maintenanceSessions: Int
    public let maintenanceMonths: Int
    public let createdAt: Timestamp
    public let createdBy: String
    public let sessions: [PlannedSession]

    /// The columns `init(row:sessions:)` reads, from `course c`, `patient p` and the formula's
    /// latest version `v`.
    static let columns = """
        c.id, p.mrn, p.name AS patient_name, c.formula_code, v.name AS formula_name, c.start_date, c.series_sessions,
        c.interval_days, c.maintenance_sessions, c.maintenance_months, c.created_at, c.created_by
        """

    static let source = """
        course c JOIN patient p ON p.id = c.patient_id
          JOIN LATERAL (SELECT name FROM formula_version WHERE formula_code = c.formula_code
                         ORDER BY version DESC LIMIT 1) v ON true
        """

    init(row: PostgresRow, sessions: [PlannedSession]) throws(PostgresError) {
        id = try row.decode("id")
        patientMRN = try row.decode("mrn")
        patientName = try row.decode("patient_name")
        formulaCode = try row.decode("formula_code")
        formulaName = try row.decode("formula_name")
        start = try row.decode("start_date")
        seriesSessions = try row.decode("series_sessions")
        intervalDays = try row.decode("interval_days")
        maintenanceSessions = try row.decode("maintenance_sessions")
        maintenanceMonths = try row.decode("maintenance_months")
        createdAt = try row.decode("created_at")
        createdBy = try row.decode("created_by")
        self.sessions = sessions
    }
}
