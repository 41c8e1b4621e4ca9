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
    /// The clinic's day the record was written: when the condition is known to have begun if it
    /// has no onset of its own.
    public let recordedOn: CalendarDate
    /// The day it ended (the latest end recorded); it counts for sessions before that day only.
    public let endedOn: CalendarDate?
    public let endNote: String?

    public init(
        id: Int64, kind: ConditionKind, onset: CalendarDate? = nil, note: String? = nil, recordedAt: Timestamp,
        recordedBy: String, recordedOn: CalendarDate? = nil, endedOn: CalendarDate? = nil, endNote: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.onset = onset
        self.note = note
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.recordedOn = recordedOn ?? onset ?? recordedAt.utcDate
        self.endedOn = endedOn
        self.endNote = endNote
    }

    /// The first day the condition counts: its onset, else the day it was recorded.
    public var countsFrom: CalendarDate { onset ?? recordedOn }

    /// Whether the condition stood on `day`: begun by then and not ended on or before it.
    public func stood(on day: CalendarDate) -> Bool {
        countsFrom <= day && endedOn.map { day < $0 } ?? true
    }

    /// The columns `init(row:)` reads, from `patient_condition c` and its latest end `e`.
    static let columns = """
        c.id, c.kind, c.onset, c.note, c.recorded_at, c.recorded_by, meso_clinic_day(c.recorded_at) AS recorded_on,
        e.ended_on, e.note AS end_note
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
            recordedBy: try row.decode("recorded_by"), recordedOn: try row.decode("recorded_on"),
            endedOn: try row.decode("ended_on"), endNote: try row.decode("end_note"))
    }
}
