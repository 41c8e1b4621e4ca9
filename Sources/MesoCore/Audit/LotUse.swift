#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// One session's use of one lot, as the auditor traces it: who received it, when, from whom, how
/// much was injected and how much of an opened single-use vial was wasted, whether the session
/// still stands, and what went wrong afterwards.
public struct LotUse: Sendable, Hashable {
    public let sessionID: Int64
    public let performedAt: Timestamp
    public let practitioner: String
    public let formulaCode: String
    public let formulaVersion: Int
    public let area: String?
    /// A cancelled session was recorded by mistake and its stock put back: it is listed, marked,
    /// and left out of every total and of the patients to contact.
    public let sessionStatus: Session.Status
    public let cancellation: Session.Cancellation?
    public let patientID: Int64
    public let patientMRN: String
    public let patientName: String
    public let patientBirthDate: CalendarDate?
    public let lot: TracedLot
    public let volumeML: Decimal
    /// The unused remainder of the opened single-use vials this session drew from the lot.
    public let wasteML: Decimal
    public let adverseEvents: [AdverseEvent]

    /// Whether the patient received what this row records.
    public var isPerformed: Bool { sessionStatus == .performed }

    /// The columns `init(row:)` reads besides the patient's and the lot's, from `session_usage u`,
    /// `session s` and the `AdverseEvent.aggregatedJoin` `e`. session_usage_lot holds every column
    /// read from `u`, so `audit lot` reads the usage rows from the index alone.
    static let columns = """
        u.session_id, u.performed_at, u.volume_ml, u.waste_ml, u.patient_id, s.practitioner, s.formula_code,
        s.formula_version, s.area, s.status AS session_status, s.cancelled_at, s.cancelled_by, s.cancel_reason,
        \(AdverseEvent.aggregatedColumns)
        """

    /// Decodes a row with `columns`, the lot's `TracedLot.columns`, and the patient's `mrn`,
    /// `patient_name` and `birth_date`.
    /// - Parameter lot: the lot of every row, when the caller already decoded it (a lot's trace
    ///   repeats it on each of its possibly thousands of rows).
    init(row: PostgresRow, lot known: TracedLot? = nil) throws(PostgresError) {
        sessionID = try row.decode("session_id")
        performedAt = try row.decode("performed_at")
        practitioner = try row.decode("practitioner")
        formulaCode = try row.decode("formula_code")
        formulaVersion = try row.decode("formula_version")
        area = try row.decode("area")
        sessionStatus = try row.decodeEnum("session_status")
        cancellation = try Session.Cancellation(row: row)
        patientID = try row.decode("patient_id")
        patientMRN = try row.decode("mrn")
        patientName = try row.decode("patient_name")
        patientBirthDate = try row.decode("birth_date")
        if let known {
            lot = known
        } else {
            lot = try TracedLot(row: row)
        }
        volumeML = try row.decode("volume_ml")
        wasteML = try row.decode("waste_ml")
        adverseEvents = try AdverseEvent.aggregated(row: row, sessionID: sessionID)
    }
}
