#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A lot as received (its receipts summed) and as it stands now: its sealed stock, its open vials and
/// whether the database's rule lets it be drawn now (Schema/0015).
public struct Lot: Sendable, Hashable {
    public let id: Int64
    public let productCode: String
    public let productName: String
    public let lotNumber: String
    public let expiry: CalendarDate
    public let status: LotStatus
    public let onHandML: Decimal
    /// Every receipt's vials and millilitres, summed.
    public let vialsReceived: Int
    public let receivedML: Decimal
    /// How many times it was received.
    public let receipts: Int
    /// Who delivered it, each supplier once, in the order of its receipts.
    public let suppliers: [String]
    /// When its first receipt arrived.
    public let receivedAt: Timestamp
    /// Who recorded its first receipt.
    public let receivedBy: String
    public let statusChangedAt: Timestamp
    public let singleUse: Bool
    public let vialML: Decimal
    /// What it holds in sealed vials (all of it for a single-use product).
    public let sealedML: Decimal
    /// Its open vials holding anything, in the order a session draws them, judged now.
    public let openVials: [OpenVial]
    /// Why its sealed stock may not be drawn now, as the database's rule says (nil: it may).
    let refusal: UnusableReason?

    /// Columns `row` must carry: those of `StockService.lotSelect`.
    init(row: PostgresRow, openVials: [OpenVial]) throws(PostgresError) {
        self.id = try row.decode("id")
        self.productCode = try row.decode("product_code")
        self.productName = try row.decode("product_name")
        self.lotNumber = try row.decode("lot_number")
        self.expiry = try row.decode("expiry")
        self.status = try row.decodeEnum("status")
        self.onHandML = try row.decode("on_hand_ml")
        self.vialsReceived = try row.decode("vials_received")
        self.receivedML = try row.decode("received_ml")
        self.receipts = try row.decode("receipts")
        self.suppliers = try row.decode("suppliers")
        self.receivedAt = try row.decode("received_at")
        self.receivedBy = try row.decode("received_by")
        self.statusChangedAt = try row.decode("status_changed_at")
        self.singleUse = try row.decode("single_use")
        self.vialML = try row.decode("vial_ml")
        self.sealedML = try row.decode("sealed_ml")
        self.sealedVials = try row.decode("sealed_vials")
        self.refusal = try row.decodeEnum("refusal", as: UnusableReason?.self)
        self.openVials = openVials.sorted(by: OpenVial.drawOrder)
    }

    /// Whether something may be drawn from it now, and if not, why: the rule's refusal of the lot,
    /// else nothing left, or only open vials past their beyond-use day.
    public var usability: LotUsability {
        if let refusal { return .unusable(refusal) }
        if sealedML > 0 || openVials.contains(where: { $0.refusal == nil }) { return .usable }
        return .unusable(openVials.contains(where: \.isToDiscard) ? .beyondUse : .empty)
    }

    /// What a session may draw from it now: its sealed stock and the open vials still in use.
    public var usableML: Decimal {
        guard refusal == nil else { return 0 }
        return sealedML + openVials.filter { $0.refusal == nil }.reduce(0) { $0 + $1.remainingML }
    }

    /// Its sealed vials, for a multi-dose product (a single-use product's are not counted apart).
    public let sealedVials: Int?

    /// Its open vials past their beyond-use day, waiting to be discarded.
    public var vialsToDiscard: [OpenVial] { openVials.filter(\.isToDiscard) }

    public var toDiscardML: Decimal { vialsToDiscard.reduce(0) { $0 + $1.remainingML } }

    /// First expiry first out; among lots expiring the same day, the one received first.
    public static func fefoOrder(_ lhs: Lot, _ rhs: Lot) -> Bool {
        (lhs.expiry, lhs.id) < (rhs.expiry, rhs.id)
    }

    /// `Lot X of PRODUCT`, as messages name a lot.
    public var label: String { "Lot \(lotNumber) of \(productCode)" }
}
