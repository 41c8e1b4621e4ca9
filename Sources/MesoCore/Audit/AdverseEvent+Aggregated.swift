import PostgresClient

extension AdverseEvent {
    /// A session's adverse events as one row `e` of parallel arrays: one probe of
    /// adverse_event_session per session, so a trace stays one query whatever the number of events.
    /// The arrays are unsorted (an ORDER BY in each aggregate costs a sort per session); every
    /// aggregate of one row reads the same events in the same order, and `aggregated` sorts them.
    static let aggregatedJoin = """
        LEFT JOIN LATERAL (
            SELECT array_agg(a.id) AS event_ids, array_agg(a.kind) AS event_kinds, array_agg(a.severity) AS event_severities,
                   array_agg(a.note) AS event_notes, array_agg(a.recorded_at) AS event_times,
                   array_agg(a.recorded_by) AS event_recorders
              FROM adverse_event_shown a WHERE a.session_id = u.session_id) e ON true
        """

    static let aggregatedColumns =
        "e.event_ids, e.event_kinds, e.event_severities, e.event_notes, e.event_times, e.event_recorders"

    /// Decodes the arrays of `aggregatedJoin` for the session `sessionID`, oldest event first.
    static func aggregated(row: PostgresRow, sessionID: Int64) throws(PostgresError) -> [AdverseEvent] {
        guard let ids = try row.decode("event_ids", as: [Int64]?.self) else { return [] }
        let kinds: [String] = try row.decode("event_kinds")
        let severities: [String] = try row.decode("event_severities")
        let notes: [String?] = try row.decode("event_notes")
        let times: [Timestamp] = try row.decode("event_times")
        let recorders: [String] = try row.decode("event_recorders")
        guard [kinds.count, severities.count, notes.count, times.count, recorders.count].allSatisfy({ $0 == ids.count })
        else {
            throw PostgresError(kind: .decoding, message: "the adverse events of session \(sessionID) came back uneven")
        }
        var events: [AdverseEvent] = []
        for index in ids.indices {
            guard let kind = Kind(rawValue: kinds[index]), let severity = Severity(rawValue: severities[index]) else {
                throw PostgresError(
                    kind: .decoding, message: "adverse event \(ids[index]) holds an unknown kind or severity",
                    column: "event_kinds")
            }
            events.append(
                AdverseEvent(
                    id: ids[index], sessionID: sessionID, kind: kind, severity: severity, note: notes[index],
                    recordedAt: times[index], recordedBy: recorders[index]))
        }
        return events.sorted { $0.id < $1.id }
    }

    init(
        id: Int64, sessionID: Int64, kind: Kind, severity: Severity, note: String?, recordedAt: Timestamp,
        recordedBy: String
    ) {
        self.id = id
        self.sessionID = sessionID
        self.kind = kind
        self.severity = severity
        self.note = note
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
    }
}
