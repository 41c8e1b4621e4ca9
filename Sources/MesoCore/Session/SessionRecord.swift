/// Everything recorded about one session: the session, the check's findings, the lots and
/// volumes it used, its ledger rows (with any reversals) and its adverse events.
public struct SessionRecord: Sendable, Hashable {
    public let session: Session
    public let findings: [SessionFinding]
    public let usage: [SessionUsage]
    public let ledger: [LedgerEntry]
    public let adverseEvents: [AdverseEvent]
    /// Just after `session record`: the overrides given for a rule that blocked nothing, which were
    /// not stored.
    public let unusedOverrides: [OverrideRequest]

    init(
        session: Session, findings: [SessionFinding], usage: [SessionUsage], ledger: [LedgerEntry],
        adverseEvents: [AdverseEvent], unusedOverrides: [OverrideRequest] = []
    ) {
        self.session = session
        self.findings = findings
        self.usage = usage
        self.ledger = ledger
        self.adverseEvents = adverseEvents
        self.unusedOverrides = unusedOverrides
    }
}
