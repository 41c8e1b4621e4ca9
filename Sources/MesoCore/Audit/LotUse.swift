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

    /// What became of a session after it was recorded: whether it still stands, and what went wrong.
    struct Aftermath: Sendable, Hashable {
        let status: Session.Status
        let cancellation: Session.Cancellation?
        let adverseEvents: [AdverseEvent]

        /// Performed, nothing reported: the lot trace's rows carry no detail for these.
        static let uneventful = Aftermath(status: .performed, cancellation: nil, adverseEvents: [])

        /// The columns `init(row:)` reads from `session s` and the `AdverseEvent.aggregatedJoin` `e`.
        static let columns = """
            s.status AS session_status, s.cancelled_at, s.cancelled_by, \(Session.cancelReason), s.cancelled_login,
            \(AdverseEvent.aggregatedColumns)
            """

        init(status: Session.Status, cancellation: Session.Cancellation?, adverseEvents: [AdverseEvent]) {
            self.status = status
            self.cancellation = cancellation
            self.adverseEvents = adverseEvents
        }

        /// Decodes a row with `columns` and `session_id`.
        init(row: PostgresRow) throws(PostgresError) {
            status = try row.decodeEnum("session_status")
            cancellation = try Session.Cancellation(row: row)
            adverseEvents = try AdverseEvent.aggregated(row: row, sessionID: try row.decode("session_id"))
        }
    }

    /// The columns `init(row:)` reads besides the patient's and the lot's, from `session_usage u`,
    /// `session s` and the `AdverseEvent.aggregatedJoin` `e`.
    static let columns = """
        u.session_id, u.performed_at, u.volume_ml, u.waste_ml, u.patient_id, s.practitioner, s.formula_code,
        s.formula_version, s.area, \(Aftermath.columns)
        """

    /// Decodes a row with `columns`, the lot's `TracedLot.columns`, and the patient's `mrn`,
    /// `patient_name` and `birth_date`.
    init(row: PostgresRow) throws(PostgresError) {
        let aftermath = try Aftermath(row: row)
        sessionID = try row.decode("session_id")
        performedAt = try row.decode("performed_at")
        practitioner = try row.decode("practitioner")
        formulaCode = try row.decode("formula_code")
        formulaVersion = try row.decode("formula_version")
        area = try row.decode("area")
        sessionStatus = aftermath.status
        cancellation = aftermath.cancellation
        patientID = try row.decode("patient_id")
        patientMRN = try row.decode("mrn")
        patientName = try row.decode("patient_name")
        patientBirthDate = try row.decode("birth_date")
        lot = try TracedLot(row: row)
        volumeML = try row.decode("volume_ml")
        wasteML = try row.decode("waste_ml")
        adverseEvents = aftermath.adverseEvents
    }

    /// A use from the lot trace: `lot` is the lot of every line, and `exceptions` the aftermath of
    /// the sessions the trace marks cancelled or with adverse events.
    init(traceLine line: LotTraceLine, lot: TracedLot, exceptions: [Int64: Aftermath]) {
        // Most lots have no cancelled session and no adverse event: no lookup for them.
        let aftermath = exceptions.isEmpty ? .uneventful : exceptions[line.sessionID] ?? .uneventful
        sessionID = line.sessionID
        performedAt = line.performedAt
        practitioner = line.practitioner
        formulaCode = line.formulaCode
        formulaVersion = line.formulaVersion
        area = line.area
        sessionStatus = aftermath.status
        cancellation = aftermath.cancellation
        patientID = line.patientID
        patientMRN = line.patientMRN
        patientName = line.patientName
        patientBirthDate = line.patientBirthDate
        self.lot = lot
        volumeML = line.volumeML
        wasteML = line.wasteML
        adverseEvents = aftermath.adverseEvents
    }
}
