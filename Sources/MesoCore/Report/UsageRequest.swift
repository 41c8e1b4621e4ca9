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

    public init(from: String, to: String, by: String = "product", per: String = "range") throws(MesoError) {
        self.from = try FieldText.date(from, field: "\(.from)")
        self.to = try FieldText.date(to, field: "\(.to)")
        guard !(self.to < self.from) else {
            throw .invalid("\(.to)", "\(.to) \(self.to) is before \(.from) \(self.from): the range runs from the first day to the last.")
        }
        grouping = try FieldText.choice(by, field: "\(.by)")
        period = try FieldText.choice(per, field: "\(.per)")
    }
}
