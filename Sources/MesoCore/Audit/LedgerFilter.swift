import PostgresClient

/// Which ledger rows `audit ledger` lists: one product, one lot of it, from a day on, or all.
public struct LedgerFilter: Sendable, Hashable {
    public let product: ProductCode?
    public let lot: LotNumber?
    /// The first day (UTC) whose movements are listed.
    public let since: CalendarDate?

    /// A lot number is unique only within its product, so it needs one.
    public init(product: ProductCode? = nil, lot: LotNumber? = nil, since: CalendarDate? = nil) throws(MesoError) {
        if lot != nil && product == nil {
            throw .invalid("\(.lot)", "\(.lot) needs \(.product): a lot number is unique only within its product.")
        }
        self.product = product
        self.lot = lot
        self.since = since
    }

    public var productCode: String? { product?.text }
    public var lotNumber: String? { lot?.text }
}
