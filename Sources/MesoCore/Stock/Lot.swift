#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A lot as received and as it stands now.
public struct Lot: Sendable, Hashable {
    public let id: Int64
    public let productCode: String
    public let productName: String
    public let lotNumber: String
    public let expiry: CalendarDate
    public let status: LotStatus
    public let onHandML: Decimal
    public let vialsReceived: Int
    public let receivedML: Decimal
    public let supplier: String?
    /// The GS1 serial number (AI 21) of the pack it was received from.
    public let serial: String?
    public let receivedAt: Timestamp
    public let receivedBy: String
    public let statusChangedAt: Timestamp
    /// Whether it may be drawn now (the database's time), and if not, why.
    public let usability: LotUsability

    /// What the FEFO planner needs of it.
    public var stockLot: StockLot {
        StockLot(
            id: id, productCode: productCode, lotNumber: lotNumber, expiry: expiry, status: status, onHandML: onHandML,
            receivedAt: receivedAt)
    }

    /// Columns `row` must carry: those of `lot`, `product_name`, and `now` (the database's).
    init(row: PostgresRow) throws(PostgresError) {
        self.id = try row.decode("id")
        self.productCode = try row.decode("product_code")
        self.productName = try row.decode("product_name")
        self.lotNumber = try row.decode("lot_number")
        self.expiry = try row.decode("expiry")
        self.status = try row.decodeEnum("status")
        self.onHandML = try row.decode("on_hand_ml")
        self.vialsReceived = try row.decode("vials_received")
        self.receivedML = try row.decode("received_ml")
        self.supplier = try row.decode("supplier")
        self.serial = try row.decode("gs1_serial")
        self.receivedAt = try row.decode("received_at")
        self.receivedBy = try row.decode("received_by")
        self.statusChangedAt = try row.decode("status_changed_at")
        let now: Timestamp = try row.decode("now")
        self.usability = StockLot(
            id: id, productCode: productCode, lotNumber: lotNumber, expiry: expiry, status: status, onHandML: onHandML,
            receivedAt: receivedAt
        ).usability(at: now)
    }

    /// `Lot X of PRODUCT`, as messages name a lot.
    public var label: String { "Lot \(lotNumber) of \(productCode)" }
}
