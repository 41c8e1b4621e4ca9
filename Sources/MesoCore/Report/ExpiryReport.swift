#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// How soon a lot on hand expires, in the windows a pharmacist plans with.
public enum ExpiryBucket: String, Sendable, CaseIterable {
    /// Past its expiry and still holding stock: to be destroyed, never injected.
    case expired
    case days0to30 = "0-30"
    case days31to60 = "31-60"
    case days61to90 = "61-90"
    case days91to180 = "91-180"
    case over180 = "over-180"

    /// The bucket of a lot with `daysLeft` days until its expiry date (0 on the day itself, on
    /// which it is still usable).
    public init(daysLeft: Int) {
        switch daysLeft {
        case ..<0: self = .expired
        case 0...30: self = .days0to30
        case 31...60: self = .days31to60
        case 61...90: self = .days61to90
        case 91...180: self = .days91to180
        default: self = .over180
        }
    }
}

/// A lot that still holds stock and expires within the report's window, or already has.
public struct ExpiringLot: Sendable, Hashable {
    public let productCode: String
    public let productName: String
    public let lotNumber: String
    public let expiry: CalendarDate
    public let daysLeft: Int
    public let onHandML: Decimal
    public let status: LotStatus

    public var bucket: ExpiryBucket { ExpiryBucket(daysLeft: daysLeft) }
}

/// An open vial of a multi-dose lot whose beyond-use day falls within the report's window, or has
/// passed: then it waits to be discarded (`stock discard`).
public struct ExpiringVial: Sendable, Hashable {
    public let productCode: String
    public let productName: String
    public let lotNumber: String
    public let vialID: Int64
    public let openedAt: Timestamp
    public let beyondUseDay: CalendarDate
    public let daysLeft: Int
    public let remainingML: Decimal
    public let status: LotStatus

    public var bucket: ExpiryBucket { ExpiryBucket(daysLeft: daysLeft) }
    /// Past its beyond-use day: never drawn again.
    public var isToDiscard: Bool { daysLeft < 0 }
}

/// Lots on hand expiring within `withinDays` of the clinic's `today`, soonest first, expired ones
/// included, and the open vials whose beyond-use day falls in the same window, those to discard included.
public struct ExpiryReport: Sendable, Hashable {
    public let today: CalendarDate
    public let withinDays: Int
    public let lots: [ExpiringLot]
    public let vials: [ExpiringVial]

    /// The last expiry date the report covers.
    public var horizon: CalendarDate { today.adding(days: withinDays) }
}
