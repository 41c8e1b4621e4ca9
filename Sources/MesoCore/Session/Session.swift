import PostgresClient

/// A session as recorded: who received which cocktail version, from whom, when, where, what the
/// check concluded and the overrides that let it go ahead over a block, and whether it was later
/// cancelled.
public struct Session: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case performed
        /// The record was withdrawn; its stock was put back by reversing ledger rows.
        case cancelled
    }

    public struct Cancellation: Sendable, Hashable {
        public let reason: String
        public let by: String
        public let at: Timestamp
        /// The database login that cancelled it (Schema/0012); nil for sessions cancelled before it
        /// was recorded.
        public let login: String?

        init(reason: String, by: String, at: Timestamp, login: String?) {
            self.reason = reason
            self.by = by
            self.at = at
            self.login = login
        }

        /// From a row with the session's cancelled_at, cancelled_by, cancel_reason and
        /// cancelled_login; nil while the session stands.
        init?(row: PostgresRow) throws(PostgresError) {
            guard let at: Timestamp = try row.decode("cancelled_at") else { return nil }
            self.init(
                reason: try row.decode("cancel_reason"), by: try row.decode("cancelled_by"), at: at,
                login: try row.decode("cancelled_login"))
        }
    }

    public let id: Int64
    public let patientID: Int64
    public let patientMRN: String
    public let patientName: String
    public let formulaCode: String
    public let formulaVersion: Int
    public let formulaName: String
    public let practitioner: String
    public let performedAt: Timestamp
    public let area: String?
    public let status: Status
    public let verdict: CheckReport.Verdict
    /// One per rule whose blocks the session went ahead over; empty unless the verdict is BLOCK.
    public let overrides: [SessionOverride]
    public let cancellation: Cancellation?
    public let recordedAt: Timestamp
    public let recordedBy: String
    /// The database login that wrote the session, whoever `practitioner` and `recordedBy` name
    /// (Schema/0012); "(not recorded)" for sessions written before logins were recorded.
    public let recordedLogin: String

    init(
        id: Int64, patient: Patient, formula: FormulaVersion, practitioner: String, performedAt: Timestamp,
        area: String?, verdict: CheckReport.Verdict, overrides: [SessionOverride], recordedAt: Timestamp,
        recordedBy: String, recordedLogin: String
    ) {
        self.id = id
        patientID = patient.id
        patientMRN = patient.mrn
        patientName = patient.name
        formulaCode = formula.code
        formulaVersion = formula.version
        formulaName = formula.name
        self.practitioner = practitioner
        self.performedAt = performedAt
        self.area = area
        status = .performed
        self.verdict = verdict
        self.overrides = overrides
        cancellation = nil
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.recordedLogin = recordedLogin
    }

    /// The columns `init(row:)` reads, from `session s`, `patient p` and `formula_version v`.
    static let columns = """
        s.id, s.patient_id, p.mrn, p.name AS patient_name, s.formula_code, s.formula_version,
        v.name AS formula_name, s.practitioner, s.performed_at, s.area, s.status, s.verdict, s.cancelled_at,
        s.cancelled_by, \(cancelReason), s.cancelled_login, s.recorded_at, s.recorded_by, s.recorded_login,
        """ + overrideColumns

    /// Why session `s` was cancelled, as the login may read it (Schema/0017's
    /// session_cancel_reason_shown: withheld from the pharmacist).
    static let cancelReason =
        "(SELECT c.cancel_reason FROM session_cancel_reason_shown c WHERE c.session_id = s.id) AS cancel_reason"

    /// `session s` with the patient, the formula version and the overrides its columns name.
    static let source = """
        session s JOIN patient p ON p.id = s.patient_id
          JOIN formula_version v ON v.formula_code = s.formula_code AND v.version = s.formula_version
        """ + overridesJoin

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode("id")
        patientID = try row.decode("patient_id")
        patientMRN = try row.decode("mrn")
        patientName = try row.decode("patient_name")
        formulaCode = try row.decode("formula_code")
        formulaVersion = try row.decode("formula_version")
        formulaName = try row.decode("formula_name")
        practitioner = try row.decode("practitioner")
        performedAt = try row.decode("performed_at")
        area = try row.decode("area")
        status = try row.decodeEnum("status")
        verdict = try row.decodeEnum("verdict")
        overrides = try SessionOverride.decode(row)
        cancellation = try Cancellation(row: row)
        recordedAt = try row.decode("recorded_at")
        recordedBy = try row.decode("recorded_by")
        recordedLogin = try row.decode("recorded_login")
    }
}
