#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A lot as the stock planner sees it for a session at a given time: what it is, whether the
/// database's rule lets it be drawn then (Schema/0015, meso_draw_refusal), what it holds in sealed
/// vials and in open ones, and what of that was in the clinic at the session's time.
public struct StockLot: Sendable, Hashable {
    public let id: Int64
    public let productCode: String
    public let lotNumber: String
    public let expiry: CalendarDate
    /// Its status now.
    public let status: LotStatus
    public let onHandML: Decimal
    /// Its first receipt's arrival.
    public let receivedAt: Timestamp
    /// Why its sealed stock (a new vial, or whole single-use vials) may not be drawn for the session,
    /// or nil when it may. Open vials carry their own.
    public let refusal: UnusableReason?
    /// What it holds in sealed vials: all of it for a single-use product, whole vials for a multi-dose
    /// one (the rest is in its open vials).
    public let sealedML: Decimal
    /// Of `sealedML`, the vials that had arrived by the session's time: its receipts by then, less what
    /// has left the lot since (the earliest receipts leave first).
    public let arrivedSealedML: Decimal
    /// When the first receipt after the session's time arrived, if any: the vials it brought count for
    /// the session only when nothing else suffices.
    public let receivedSinceAt: Timestamp?
    /// Its open vials holding anything, in the order a session draws them.
    public let openVials: [OpenVial]
    /// The session is more than the clock tolerance in the past: the lot's status was judged as it
    /// stood at the session's time.
    public let judgedThen: Bool

    public init(
        id: Int64, productCode: String, lotNumber: String, expiry: CalendarDate, status: LotStatus, onHandML: Decimal,
        receivedAt: Timestamp, refusal: UnusableReason? = nil, sealedML: Decimal? = nil, arrivedSealedML: Decimal? = nil,
        receivedSinceAt: Timestamp? = nil, openVials: [OpenVial] = [], judgedThen: Bool = false
    ) {
        self.id = id
        self.productCode = productCode
        self.lotNumber = lotNumber
        self.expiry = expiry
        self.status = status
        self.onHandML = onHandML
        self.receivedAt = receivedAt
        self.refusal = refusal
        let sealed = sealedML ?? onHandML - openVials.reduce(0) { $0 + $1.remainingML }
        self.sealedML = sealed
        self.arrivedSealedML = arrivedSealedML ?? (receivedSinceAt == nil ? sealed : 0)
        self.receivedSinceAt = receivedSinceAt
        self.openVials = openVials.sorted(by: OpenVial.drawOrder)
        self.judgedThen = judgedThen
    }

    /// The lot had arrived by the session's time (its first receipt), so its open vials were there.
    public var hadArrived: Bool { receivedSinceAt.map { receivedAt < $0 } ?? true }

    /// Why nothing can be drawn from the lot for the session, or nil when something can: the rule's
    /// refusal of the lot, else empty, else (only open vials past their beyond-use day left) beyond-use.
    public var unusableReason: UnusableReason? {
        if let refusal { return refusal }
        if sealedML > 0 || openVials.contains(where: { $0.refusal == nil }) { return nil }
        return openVials.isEmpty ? .empty : openVials.first { $0.refusal != nil }?.refusal ?? .empty
    }

    /// What may be drawn for the session: sealed stock and open vials the rule lets be drawn.
    public var drawableML: Decimal {
        guard refusal == nil else { return 0 }
        return sealedML + openVials.filter { $0.refusal == nil }.reduce(0) { $0 + $1.remainingML }
    }

    /// First expiry first out; among lots expiring the same day, the one received first.
    public static func fefoOrder(_ lhs: StockLot, _ rhs: StockLot) -> Bool {
        (lhs.expiry, lhs.id) < (rhs.expiry, rhs.id)
    }
}
