/// A validated `session adverse-event`.
public struct NewAdverseEvent: Sendable, Hashable {
    public let sessionID: Int64
    public let kind: AdverseEvent.Kind
    public let severity: AdverseEvent.Severity
    public let note: String?

    public init(session: String, kind: String, severity: String, note: String?) throws(MesoError) {
        sessionID = try SessionService.sessionID(session)
        self.kind = try FieldText.choice(kind, field: "\(.kind)")
        self.severity = try FieldText.choice(severity, field: "\(.severity)")
        self.note = try note.map { text throws(MesoError) in try FieldText.note(text, field: "\(.note)") }
    }
}
