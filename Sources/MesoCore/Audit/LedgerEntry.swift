#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// One row of the stock ledger, with the lot's balance after it and who and what it was for.
public struct LedgerEntry: Sendable, Hashable {
    public let movementID: Int64
    public let recordedAt: Timestamp
    public let productCode: String
    public let lotNumber: String
    public let kind: String
    /// Signed: receipts and reversals add, session use, waste and destruction take out.
    public let quantityML: Decimal
    /// The lot's balance once this row was applied: the running balance of its ledger.
    public let balanceAfterML: Decimal
    public let reason: String?
    public let actor: String
    public let sessionID: Int64?
    public let patientMRN: String?
    /// The movement this row reverses, for a reversal.
    public let reversesID: Int64?
}
