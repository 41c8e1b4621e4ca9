import PostgresClient

/// A medicine or supplement the patient takes, as the patient or the prescriber named it, with its
/// stop when it has one.
public struct PatientMedication: Sendable, Hashable {
    /// The day a medication was stopped, and who recorded it when.
    public struct Stop: Sendable, Hashable {
        public let stoppedOn: CalendarDate
        public let recordedAt: Timestamp
        public let recordedBy: String

        public init(stoppedOn: CalendarDate, recordedAt: Timestamp, recordedBy: String) {
            self.stoppedOn = stoppedOn
            self.recordedAt = recordedAt
            self.recordedBy = recordedBy
        }
    }

    public let id: Int64
    public let name: String
    /// The name in the database's normal form (`meso_medication_words`), which the bleeding-risk rule
    /// reads; nil when the record was not read from the database.
    public let words: String?
    public let recordedAt: Timestamp
    public let recordedBy: String
    /// The latest stop recorded; nil while the patient takes it.
    public let stop: Stop?

    public init(
        id: Int64, name: String, words: String? = nil, recordedAt: Timestamp, recordedBy: String, stop: Stop? = nil
    ) {
        self.id = id
        self.name = name
        self.words = words
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.stop = stop
    }

    /// The columns `init(row:)` reads, over `patient_medication m` and the lateral `st` of its latest stop.
    static let columns =
        "m.id, m.name, public.meso_medication_words(m.name) AS words, m.recorded_at, m.recorded_by, st.stopped_on, st.recorded_at AS stop_recorded_at, st.recorded_by AS stop_recorded_by"

    /// The same columns from the `RETURNING` of a new record, which has no stop.
    static let insertedColumns =
        "id, name, public.meso_medication_words(name) AS words, recorded_at, recorded_by, NULL::date AS stopped_on, NULL::timestamptz AS stop_recorded_at, NULL::text AS stop_recorded_by"

    /// Joins each `patient_medication m` to its latest stop, as `st`.
    static let latestStop = """
        LEFT JOIN LATERAL (SELECT s.stopped_on, s.recorded_at, s.recorded_by FROM public.patient_medication_stop s
                            WHERE s.medication_id = m.id ORDER BY s.id DESC LIMIT 1) st ON true
        """

    init(row: PostgresRow) throws(PostgresError) {
        var stop: Stop?
        if let stoppedOn: CalendarDate = try row.decode("stopped_on") {
            stop = Stop(
                stoppedOn: stoppedOn, recordedAt: try row.decode("stop_recorded_at"),
                recordedBy: try row.decode("stop_recorded_by"))
        }
        self.init(
            id: try row.decode("id"), name: try row.decode("name"), words: try row.decode("words"),
            recordedAt: try row.decode("recorded_at"), recordedBy: try row.decode("recorded_by"), stop: stop)
    }
}
