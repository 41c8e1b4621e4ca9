#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// What performed sessions took of one product in a period.
public struct ProductUsage: Sendable, Hashable {
    public let productCode: String
    public let productName: String
    /// Injected into patients.
    public let deliveredML: Decimal
    /// The unused remainder of opened single-use vials, written off with the sessions.
    public let wasteML: Decimal
    /// Performed sessions that drew from the product.
    public let sessions: Int
}

/// One period of a usage report: the days it covers and what was delivered in them.
public struct UsagePeriod: Sendable, Hashable {
    public let start: CalendarDate
    /// The last day of the period, included.
    public let end: CalendarDate
    public let products: [ProductUsage]
    /// Per compound, what `products` delivered (mg and µg of one compound summed in mg; IU apart),
    /// by compound code; empty unless the report is by compound.
    public let compounds: [CompoundTotal]
}

/// `report usage`: what performed sessions delivered over a range of days, per period. Cancelled
/// sessions put their stock back and count for nothing.
public struct UsageReport: Sendable, Hashable {
    public let request: UsageRequest
    /// Periods in which something was delivered, in order.
    public let periods: [UsagePeriod]
}
