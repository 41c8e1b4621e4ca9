import PostgresClient

/// Which ledger rows `audit ledger` lists: one product, one lot of it, from a day on, or all.
public struct LedgerFilter: Sendable, Hashable {
    public let productCode: String?
    public let lotNumber: String?
    /// The first day (UTC) whose movements are listed.
    public let since: CalendarDate?

    public init(productCode: String? = nil, lotNumber: String? = nil, since: CalendarDate? = nil) {
        self.productCode = productCode
        self.lotNumber = lotNumber
        self.since = since
    }

    /// Checks the values as typed; a lot number is unique only within its product, so it needs one.
    public init(product: String?, lot: String?, since: String?) throws(MesoError) {
        let productCode = try product.map { text throws(MesoError) in
            try FieldText.code(text, field: "\(.product)", upperCase: true)
        }
        let lotNumber = try lot.map { text throws(MesoError) in try LotReference.lotNumber(text, field: "\(.lot)") }
        if lotNumber != nil && productCode == nil {
            throw .invalid("\(.lot)", "\(.lot) needs \(.product): a lot number is unique only within its product.")
        }
        self.init(
            productCode: productCode, lotNumber: lotNumber,
            since: try since.map { text throws(MesoError) in try FieldText.date(text, field: "\(.since)") })
    }
}
