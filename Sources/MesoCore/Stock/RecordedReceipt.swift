#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// One delivery of a lot as recorded: when it arrived, what it brought, from whom, who recorded it
/// (the actor and the database login) and when, and the packs scanned with it.
public struct RecordedReceipt: Sendable, Hashable {
    /// A pack scanned with the receipt: its GTIN and serial (21), and its element string as meso reads
    /// it back. A serial kept on a lot before packs had rows of their own has no element string.
    public struct Pack: Sendable, Hashable {
        public let gtin: String?
        public let serial: String?
        public let elementString: String?
    }

    public let id: Int64
    public let lotID: Int64
    public let receivedAt: Timestamp
    public let vials: Int
    public let receivedML: Decimal
    public let supplier: String?
    public let recordedBy: String
    public let recordedLogin: String
    public let recordedAt: Timestamp
    /// Its `receipt` row in the ledger.
    public let movementID: Int64
    public let packs: [Pack]

    public var serials: [String] { packs.compactMap(\.serial) }

    /// The columns `init(row:packs:)` reads from lot_receipt r.
    static let columns =
        "r.id, r.lot_id, r.received_at, r.vials, r.received_ml, r.supplier, r.recorded_by, r.recorded_login, r.recorded_at, r.movement_id"

    init(row: PostgresRow, packs: [Pack]) throws(PostgresError) {
        self.id = try row.decode("id")
        self.lotID = try row.decode("lot_id")
        self.receivedAt = try row.decode("received_at")
        self.vials = try row.decode("vials")
        self.receivedML = try row.decode("received_ml")
        self.supplier = try row.decode("supplier")
        self.recordedBy = try row.decode("recorded_by")
        self.recordedLogin = try row.decode("recorded_login")
        self.recordedAt = try row.decode("recorded_at")
        self.movementID = try row.decode("movement_id")
        self.packs = packs
    }

    /// The receipts of the lots `lotIDs`, oldest arrival first, each with its packs in the order scanned.
    static func of(lots lotIDs: [Int64], on connection: PostgresConnection) throws(PostgresError) -> [RecordedReceipt] {
        let rows = try connection.query(
            """
            SELECT \(unsafeRaw: columns) FROM lot_receipt r WHERE r.lot_id = ANY(\(lotIDs))
             ORDER BY r.lot_id, r.received_at, r.id
            """
        ).rows
        let packRows = try connection.query(
            """
            SELECT k.receipt_id, k.gtin, k.serial, k.element_string
              FROM lot_receipt_pack k JOIN lot_receipt r ON r.id = k.receipt_id
             WHERE r.lot_id = ANY(\(lotIDs)) ORDER BY k.receipt_id, k.position
            """
        ).rows
        var packs: [Int64: [Pack]] = [:]
        for row in packRows {
            packs[try row.decode("receipt_id"), default: []].append(
                Pack(gtin: try row.decode("gtin"), serial: try row.decode("serial"), elementString: try row.decode("element_string")))
        }
        return try rows.map { row throws(PostgresError) in
            try RecordedReceipt(row: row, packs: packs[try row.decode("id", as: Int64.self)] ?? [])
        }
    }
}
