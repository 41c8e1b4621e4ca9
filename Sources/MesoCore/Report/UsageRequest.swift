import PostgresClient

/// A validated `report usage`: the days it covers, what it totals, and over which periods.
public struct UsageRequest: Sendable, Hashable {
    /// What the report totals.
    public enum Grouping: String, Sendable, Hashable, CaseIterable {
        /// mL of each product injected, with the opened single-use remainder wasted beside it.
        case product
        /// The amount of each compound delivered, in the compound's unit.
        case compound
    }

    /// How the days are split.
    public enum Period: String, Sendable, Hashable, CaseIterable {
        /// The whole range as one period.
        case range
        /// Calendar months (the clinic's), the first and last cut to the range.
        case month
    }

    /// The first of the clinic's days covered.
    public let from: CalendarDate
    /// The last of the clinic's days covered, included.
    public let to: CalendarDate
    public let grouping: Grouping
    public let period: Period

    /// Checks that the range runs forward.
    public init(from: CalendarDate, to: CalendarDate, by grouping: Grouping = .product, per period: Period = .range)
        throws(MesoError)
    {
        guard !(to < from) else {
            throw .invalid("\(.to)", "\(.to) \(to) is before \(.from) \(from): the range runs from the first day to the last.")
        }
        self.from = from
        self.to = to
        self.grouping = grouping
        self.period = period
    }
}
