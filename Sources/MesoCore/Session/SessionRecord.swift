/// Everything recorded about one session: the session, the check's findings, the lots and
/// volumes it used, its ledger rows (with any reversals) and its adverse events.
public struct SessionRecord: Sendable, Hashable {
    public let session: Session
    public let findings: [SessionFinding]
    public let usage: [SessionUsage]
    public let ledger: [LedgerEntry]
    public let adverseEvents: [AdverseEvent]
}
