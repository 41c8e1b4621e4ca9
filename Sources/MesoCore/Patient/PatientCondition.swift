import PostgresClient

/// A condition recorded for a patient, with its date where it has one and its end once it has ended.
public struct PatientCondition: Sendable, Hashable {
    public let id: Int64
    public let kind: ConditionKind
    /// The day it started or, for facial surgery, the day of the operation.
    public let onset: CalendarDate?
    public let note: String?
    public let recordedAt: Timestamp
    public let recordedBy: String
    /// The day it ended (the latest end recorded); it counts for sessions before that day only.
    public let endedOn: CalendarDate?
    public let endNote: String?

    public init(
        id: Int64, kind: ConditionKind, onset: CalendarDate? = nil, note: String? = nil, recordedAt: Timestamp,
        recordedBy: String, endedOn: CalendarDate? = nil, endNote: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.onset = onset
        self.note = note
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.endedOn = endedOn
        self.endNote = endNote
    }

    /// Whether the condition stood on `day`: begun by then and not ended on or before it. A
    /// condition without an onset is taken to have begun before any session: when it began is not
    /// known, and a chronic disease recorded today was there last week too.
    public func stood(on day: CalendarDate) -> Bool {
        (onset.map { $0 <= day } ?? true) && (endedOn.map { day < $0 } ?? true)
    }

    /// The columns `init(row:)` reads, from `patient_condition c` and its latest end `e`.
    static let columns = """
        c.id, c.kind, c.onset, c.note, c.recorded_at, c.recorded_by, e.ended_on, e.note AS end_note
        """

    /// `patient_condition c` with its latest end, if any.
    static let source = """
        patient_condition c
          LEFT JOIN LATERAL (SELECT x.ended_on, x.note FROM patient_condition_end x
                              WHERE x.condition_id = c.id ORDER BY x.id DESC LIMIT 1) e ON true
        """

    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            id: try row.decode("id"), kind: try row.decodeEnum("kind"), onset: try row.decode("onset"),
            note: try row.decode("note"), recordedAt: try row.decode("recorded_at"),
            recordedBy: try row.decode("recorded_by"), endedOn: try row.decode("ended_on"),
            endNote: try row.decode("end_note"))
    }
}
