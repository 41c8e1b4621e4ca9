import PostgresClient

/// A condition recorded for a patient, with its date where it has one.
public struct PatientCondition: Sendable, Hashable {
    public let id: Int64
    public let kind: ConditionKind
    /// The day it started or, for facial surgery, the day of the operation.
    public let onset: CalendarDate?
    public let note: String?
    public let recordedAt: Timestamp
    public let recordedBy: String

    public init(
        id: Int64, kind: ConditionKind, onset: CalendarDate? = nil, note: String? = nil, recordedAt: Timestamp,
        recordedBy: String
    ) {
        self.id = id
        self.kind = kind
        self.onset = onset
        self.note = note
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }

    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            id: try row.decode("id"), kind: try row.decodeEnum("kind"), onset: try row.decode("onset"),
            note: try row.decode("note"), recordedAt: try row.decode("recorded_at"),
            recordedBy: try row.decode("recorded_by"))
    }
}
