#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A lot as the stock planner sees it: what it is, whether it may be used, and what it holds.
public struct StockLot: Sendable, Hashable {
    public let id: Int64
    public let productCode: String
    public let lotNumber: String
    public let expiry: CalendarDate
    public let status: LotStatus
    public let onHandML: Decimal

    public init(
        id: Int64, productCode: String, lotNumber: String, expiry: CalendarDate, status: LotStatus, onHandML: Decimal
    ) {
        self.id = id
        self.productCode = productCode
        self.lotNumber = lotNumber
        self.expiry = expiry
        self.status = status
        self.onHandML = onHandML
    }

    /// Decodes a row with id, product_code, lot_number, expiry, status, on_hand_ml.
    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            id: try row.decode("id"), productCode: try row.decode("product_code"),
            lotNumber: try row.decode("lot_number"), expiry: try row.decode("expiry"),
            status: try row.decodeEnum("status"), onHandML: try row.decode("on_hand_ml"))
    }

    /// Whether the lot may be drawn for a session on `day`, and if not, the first reason why.
    public func usability(on day: CalendarDate) -> LotUsability {
        switch status {
        case .quarantined: return .unusable(.quarantined)
        case .recalled: return .unusable(.recalled)
        case .destroyed: return .unusable(.destroyed)
        case .released: break
        }
        // A lot is good through its expiry date and unusable the day after.
        if expiry < day { return .unusable(.expired) }
        if onHandML <= 0 { return .unusable(.empty) }
        return .usable
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
