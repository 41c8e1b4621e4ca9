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

    /// Ledger rows with their lot and patient: `m` is the movement; add WHERE and ORDER BY.
    static let select: PostgresQuery = """
        SELECT m.id, m.recorded_at, l.product_code, l.lot_number, m.kind, m.quantity_ml, m.balance_after_ml,
               m.reason, m.actor, m.session_id, p.mrn, m.reverses_id
          FROM stock_movement m
          JOIN lot l ON l.id = m.lot_id
          LEFT JOIN patient p ON p.id = m.patient_id
        """

    /// Decodes a row of `select`.
    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            movementID: try row.decode("id"), recordedAt: try row.decode("recorded_at"),
            productCode: try row.decode("product_code"), lotNumber: try row.decode("lot_number"),
            kind: try row.decode("kind"), quantityML: try row.decode("quantity_ml"),
            balanceAfterML: try row.decode("balance_after_ml"), reason: try row.decode("reason"),
            actor: try row.decode("actor"), sessionID: try row.decode("session_id"),
            patientMRN: try row.decode("mrn"), reversesID: try row.decode("reverses_id"))
    }

    init(
        movementID: Int64, recordedAt: Timestamp, productCode: String, lotNumber: String, kind: String,
        quantityML: Decimal, balanceAfterML: Decimal, reason: String?, actor: String, sessionID: Int64?,
        patientMRN: String?, reversesID: Int64?
    ) {
        self.movementID = movementID
        self.recordedAt = recordedAt
        self.productCode = productCode
        self.lotNumber = lotNumber
        self.kind = kind
        self.quantityML = quantityML
        self.balanceAfterML = balanceAfterML
        self.reason = reason
        self.actor = actor
        self.sessionID = sessionID
        self.patientMRN = patientMRN
        self.reversesID = reversesID
    }
}
