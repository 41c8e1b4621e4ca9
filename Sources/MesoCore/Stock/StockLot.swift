#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A lot as the stock planner sees it: what it is, when it arrived, whether it may be used, and
/// what it holds.
public struct StockLot: Sendable, Hashable {
    public let id: Int64
    public let productCode: String
    public let lotNumber: String
    public let expiry: CalendarDate
    public let status: LotStatus
    public let onHandML: Decimal
    /// When the lot arrived in the clinic: no session before it can have used it.
    public let receivedAt: Timestamp

    public init(
        id: Int64, productCode: String, lotNumber: String, expiry: CalendarDate, status: LotStatus, onHandML: Decimal,
        receivedAt: Timestamp
    ) {
        self.id = id
        self.productCode = productCode
        self.lotNumber = lotNumber
        self.expiry = expiry
        self.status = status
        self.onHandML = onHandML
        self.receivedAt = receivedAt
    }

    /// The same lot judged by another status (see `judgedStatusColumn`).
    func withStatus(_ status: LotStatus) -> StockLot {
        StockLot(
            id: id, productCode: productCode, lotNumber: lotNumber, expiry: expiry, status: status, onHandML: onHandML,
            receivedAt: receivedAt)
    }

    /// The `status` column a session at `sessionAt` judges lot `l` by. Close to now, the lot's status.
    /// Well in the past, the status the lot had then (Schema/0010's lot_status_at): a lot recalled
    /// since can still be recorded as injected before its recall, so its patient is on its recall
    /// list. With `releasedNowToo`, the FEFO plan's rule: a lot must be released then and now, so
    /// that meso never picks a lot recalled since on its own.
    static func judgedStatusColumn(at sessionAt: Timestamp, releasedNowToo: Bool) -> PostgresQuery {
        guard ClockTolerance.isWellPast(sessionAt) else { return "l.status" }
        if releasedNowToo {
            return """
                CASE WHEN l.status = 'released' THEN coalesce(lot_status_at(l.id, \(sessionAt)), l.status)
                     ELSE l.status END AS status
                """
        }
        return "coalesce(lot_status_at(l.id, \(sessionAt)), l.status) AS status"
    }

    /// Decodes a row with id, product_code, lot_number, expiry, status, on_hand_ml, received_at.
    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            id: try row.decode("id"), productCode: try row.decode("product_code"),
            lotNumber: try row.decode("lot_number"), expiry: try row.decode("expiry"),
            status: try row.decodeEnum("status"), onHandML: try row.decode("on_hand_ml"),
            receivedAt: try row.decode("received_at"))
    }

    /// Whether the lot may be drawn for a session at `sessionAt`, and if not, the first reason
    /// why. The one place that decides it: the check's plan, the lots named with `--lot` and the
    /// stock listings (at the database's now) all ask here.
    public func usability(at sessionAt: Timestamp) -> LotUsability {
        switch status {
        case .quarantined: return .unusable(.quarantined)
        case .recalled: return .unusable(.recalled)
        case .destroyed: return .unusable(.destroyed)
        case .released: break
        }
        // A lot is good through its expiry date and unusable the day after (the session's UTC day).
        if expiry < sessionAt.utcDate { return .unusable(.expired) }
        if onHandML <= 0 { return .unusable(.empty) }
        return .usable
    }

    /// Whether the lot had arrived by a session's time, within the clock tolerance (see
    /// ClockTolerance). A session recorded after the fact whose plan draws a lot that arrived later
    /// most likely used another one: the planner prefers the lots that were there, and the check
    /// says so when it cannot (StockRule).
    public func hadArrived(by sessionAt: Timestamp) -> Bool {
        receivedAt <= sessionAt.adding(seconds: ClockTolerance.seconds)
    }

    /// First expiry first out; among lots expiring the same day, the one received first.
    public static func fefoOrder(_ lhs: StockLot, _ rhs: StockLot) -> Bool {
        (lhs.expiry, lhs.id) < (rhs.expiry, rhs.id)
    }
}

public enum LotUsability: Sendable, Hashable {
    case usable
    case unusable(UnusableReason)

    public var isUsable: Bool { self == .usable }
}

public enum UnusableReason: String, Sendable, Hashable, CaseIterable {
    case quarantined, recalled, destroyed, expired, empty
}
