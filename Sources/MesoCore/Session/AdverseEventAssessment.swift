import PostgresClient

/// What the practitioner found after an adverse event that blocks later sessions: the allergy it
/// was (a record on the patient's file), or that it was not an allergy, and why. Append-only.
public struct AdverseEventAssessment: Sendable, Hashable {
    public enum Finding: Sendable, Hashable {
        case allergy(Int64)
        case notAllergic
    }

    public let id: Int64
    public let eventID: Int64
    public let finding: Finding
    public let reason: String
    public let recordedAt: Timestamp
    public let recordedBy: String
    public let recordedLogin: String

    static let columns = "id, adverse_event_id, finding, allergy_id, reason, recorded_at, recorded_by, recorded_login"

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode("id")
        eventID = try row.decode("adverse_event_id")
        let allergy: Int64? = try row.decode("allergy_id")
        finding = allergy.map(Finding.allergy) ?? .notAllergic
        reason = try row.decode("reason")
        recordedAt = try row.decode("recorded_at")
        recordedBy = try row.decode("recorded_by")
        recordedLogin = try row.decode("recorded_login")
    }
}
