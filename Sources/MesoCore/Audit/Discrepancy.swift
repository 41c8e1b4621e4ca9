#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One way the stored stock history fails to hold together, found by `AuditService.verify`.
public struct Discrepancy: Sendable, Hashable {
    public enum Rule: String, Sendable, CaseIterable {
        /// A lot's cached balance differs from the sum of its ledger rows.
        case cachedBalance = "cached-balance"
        /// A lot's cached status differs from its last status change.
        case cachedStatus = "cached-status"
        /// A ledger row's recorded balance differs from the running sum of the lot's rows up to it.
        case balanceHistory = "balance-history"
        /// The lot's balance went below zero at some point of its history.
        case negativeBalance = "negative-balance"
        /// A destroyed lot still holds stock.
        case destroyedNotEmpty = "destroyed-not-empty"
        /// A reversal does not put back exactly what the row it names took out of the same lot.
        case reversal
        /// A session's usage rows and the session-use or waste ledger rows written for it disagree.
        case sessionLedger = "session-ledger"
        /// A cancelled session's stock was not put back in full, or a performed one's was put back.
        case sessionReversal = "session-reversal"
        /// A ledger row names another patient than its session's.
        case sessionPatient = "session-patient"
        /// The lot trace `audit lot` reads (Schema/0008) differs from the sessions, usage rows,
        /// patients and adverse events it is derived from.
        case lotTrace = "lot-trace"
        /// A receipt row of the ledger and the lot's receipts disagree, or a lot's first arrival is not
        /// its earliest receipt (Schema/0015).
        case receipt
        /// An open vial's remainder differs from what it held when opened plus the ledger rows that name
        /// it, or its opening time from its first session (Schema/0015).
        case openVial = "open-vial"
        /// What a multi-dose lot holds beside its open vials, by its ledger, is not a whole number of
        /// sealed vials (Schema/0015).
        case sealedVials = "sealed-vials"
        /// A count found more than its lot had ever received (the sum of its receipts before it).
        case countAboveReceived = "count-above-received"
        /// A ledger row leaves its lot holding more than it had received by then (Schema/0017).
        case balanceAboveReceived = "balance-above-received"
        /// A session's ledger row written apart from the session (or a reversal apart from its
        /// cancellation), in another transaction (Schema/0017).
        case sessionRowsTime = "session-rows-time"
        /// A product without ingredients (Schema/0017).
        case productIngredients = "product-ingredients"
        /// A ledger row of a kind the CLI never writes that way: a receipt, count or destruction
        /// with a session, a destruction of sealed vials that leaves stock, a session without its patient.
        case movementShape = "movement-shape"
        /// A lot without a receipt (when it arrived, how many vials).
        case lotReceipt = "lot-receipt"
        /// A formula version without components.
        case formulaComponents = "formula-components"
        /// A usage row whose time is not its session's.
        case usageTime = "usage-time"
        /// A back-dated time (a session's performed_at, a lot's or receipt's received_at) outside the bounds the
        /// CLI allows around when it was written, or an override written apart from its session.
        case backdatedTime = "backdated-time"
        /// A privilege that lets a login escape the rules: temporary objects or schemas in the
        /// database, or a login in a meso role that is a superuser or bypasses row-level security.
        case privilege
        /// A session's verdict differs from what its stored findings say, or it went ahead over a
        /// block without an override of that rule, or an override lifts nothing (Schema/0013's
        /// session_verdict_problem).
        case sessionVerdict = "session-verdict"
        /// A trigger or policy that enforces the ledger rules is missing or changed.
        case guardMissing = "guard-missing"
        /// A trigger or policy that enforces the ledger rules is present but switched off.
        case guardDisabled = "guard-disabled"
        /// A guard's definition (function, trigger, policy, constraint, privileges, row-level
        /// security, a meso role's attributes) differs from what this meso's migrations install, or
        /// the schema holds one they do not.
        case guardChanged = "guard-changed"
    }

    public let rule: Rule
    public let productCode: String?
    public let lotNumber: String?
    public let sessionID: Int64?
    public let movementID: Int64?
    /// What is stored (the cached balance, the recorded balance, the usage rows' volume).
    public let recordedML: Decimal?
    /// What the ledger says it should be.
    public let expectedML: Decimal?
    /// One sentence naming the lot, session or guard and the numbers.
    public let message: String
    /// The guard a discrepancy is about, as `audit verify`'s digests name it ("trigger lot_guard on
    /// lot"), so that one guard is reported once.
    let object: String?

    public init(
        rule: Rule, productCode: String? = nil, lotNumber: String? = nil, sessionID: Int64? = nil,
        movementID: Int64? = nil, recordedML: Decimal? = nil, expectedML: Decimal? = nil, message: String,
        object: String? = nil
    ) {
        self.rule = rule
        self.productCode = productCode
        self.lotNumber = lotNumber
        self.sessionID = sessionID
        self.movementID = movementID
        self.recordedML = recordedML
        self.expectedML = expectedML
        self.message = message
        self.object = object
    }
}
