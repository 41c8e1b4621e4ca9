/// A validated `session adverse-event`.
public struct NewAdverseEvent: Sendable, Hashable {
    public let sessionID: Int64
    public let kind: AdverseEvent.Kind
    public let severity: AdverseEvent.Severity
    public let note: String?

    public init(session: RecordID, kind: AdverseEvent.Kind, severity: AdverseEvent.Severity, note: Note?) {
        sessionID = session.value
        self.kind = kind
        self.severity = severity
        self.note = note?.text
    }
}
