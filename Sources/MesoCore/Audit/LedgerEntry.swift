/// One row of the stock ledger with the lot it moved and the patient it was for.
public struct LedgerEntry: Sendable, Hashable {
    public let movement: StockMovement
    public let productCode: String
    public let lotNumber: String
    /// The MRN of the patient of a session's row.
    public let patientMRN: String?
}
