#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// An opened vial of a multi-dose lot, as a session at a given time (or a listing, now) sees it.
public struct OpenVial: Sendable, Hashable {
    public let id: Int64
    public let lotID: Int64
    /// When it was first drawn: the time of the earliest session that drew from it.
    public let openedAt: Timestamp
    public let remainingML: Decimal
    /// The last clinic day it may be drawn: the day it was opened plus the product's in-use period, or
    /// the lot's expiry if that comes first.
    public let beyondUseDay: CalendarDate
    /// Why it may not be drawn at the time judged (nil: it may), as the database's rule says.
    public let refusal: UnusableReason?

    public init(
        id: Int64, lotID: Int64, openedAt: Timestamp, remainingML: Decimal, beyondUseDay: CalendarDate,
        refusal: UnusableReason? = nil
    ) {
        self.id = id
        self.lotID = lotID
        self.openedAt = openedAt
        self.remainingML = remainingML
        self.beyondUseDay = beyondUseDay
        self.refusal = refusal
    }

    /// Past its beyond-use day: never drawn again, its remainder waits to be discarded (`stock discard`).
    public var isToDiscard: Bool { refusal == .beyondUse || refusal == .expired }

    /// Sessions draw open vials first beyond-use day first, then the earliest opened (Schema/0015,
    /// lot_open_vials).
    public static func drawOrder(_ lhs: OpenVial, _ rhs: OpenVial) -> Bool {
        (lhs.beyondUseDay, lhs.openedAt, lhs.id) < (rhs.beyondUseDay, rhs.openedAt, rhs.id)
    }

    /// Decodes `vial_id`, `lot_id`, `opened_at`, `remaining_ml`, `beyond_use_day`, `refusal`.
    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            id: try row.decode("vial_id"), lotID: try row.decode("lot_id"), openedAt: try row.decode("opened_at"),
            remainingML: try row.decode("remaining_ml"), beyondUseDay: try row.decode("beyond_use_day"),
            refusal: try row.decodeEnum("refusal", as: UnusableReason?.self))
    }
}
