/// An adverse event just recorded, with the session (and so the lots) it concerns.
public struct RecordedAdverseEvent: Sendable, Hashable {
    public let event: AdverseEvent
    public let session: SessionRecord
}
