#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// One row of the append-only stock ledger.
public struct StockMovement: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case receipt
        case sessionUse = "session-use"
        case waste
        case countAdjustment = "count-adjustment"
        case destruction
        case reversal
    }

    public let id: Int64
    public let kind: Kind
    /// Signed: positive into the lot, negative out of it.
    public let quantityML: Decimal
    /// The lot's balance after this row, recorded by the database as the row was written.
    public let balanceAfterML: Decimal
    public let reason: String?
    public let actor: String
    public let recordedAt: Timestamp
    public let sessionID: Int64?
    public let patientID: Int64?
    public let reversesID: Int64?
    /// The open vial of a multi-dose lot the row moved (drawn, spilled, discarded, put back); nil for
    /// sealed vials and for single-use lots.
    public let vialID: Int64?

    /// The columns `init(row:)` reads, for a `SELECT` or `RETURNING` of stock_movement.
    static let columns =
        "id, lot_id, kind, quantity_ml, balance_after_ml, reason, actor, recorded_at, session_id, patient_id, reverses_id, vial_id"

    init(row: PostgresRow) throws(PostgresError) {
        self.id = try row.decode("id")
        self.kind = try row.decodeEnum("kind")
        self.quantityML = try row.decode("quantity_ml")
        self.balanceAfterML = try row.decode("balance_after_ml")
        self.reason = try row.decode("reason")
        self.actor = try row.decode("actor")
        self.recordedAt = try row.decode("recorded_at")
        self.sessionID = try row.decode("session_id")
        self.patientID = try row.decode("patient_id")
        self.reversesID = try row.decode("reverses_id")
        self.vialID = try row.decode("vial_id")
    }
}
