import PostgresClient

/// Something that went wrong after a session, tied to the session and so to the lots it used.
public struct AdverseEvent: Sendable, Hashable {
    /// The side effects a practitioner records after a session.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case allergicReaction = "allergic-reaction"
        case swelling, redness, nausea, itching, bleeding, pain, other
    }

    public enum Severity: String, Sendable, Hashable, CaseIterable {
        case mild, moderate, severe
    }

    public let id: Int64
    public let sessionID: Int64
    public let kind: Kind
    public let severity: Severity
    public let note: String?
    public let recordedAt: Timestamp
    public let recordedBy: String

    static let columns = "id, session_id, kind, severity, note, recorded_at, recorded_by"

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode("id")
        sessionID = try row.decode("session_id")
        kind = try row.decodeEnum("kind")
        severity = try row.decodeEnum("severity")
        note = try row.decode("note")
        recordedAt = try row.decode("recorded_at")
        recordedBy = try row.decode("recorded_by")
    }
}
