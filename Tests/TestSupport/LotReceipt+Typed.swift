import MesoCore
import PostgresClient

// Test-only: receipts made of the texts a user types, each parsed as `lot receive` parses it, so
// that tests read as the command line does and see its refusals.
extension LotReceipt {
    public init(
        product: String, lot: String, expiry: String, vials: String, supplier: String?, quarantine: Bool,
        at: String? = nil, now: Timestamp = .now()
    ) throws(MesoError) {
        try self.init(
            product: try ProductCode(product, field: .product), lot: try LotNumber(lot, field: .lot),
            expiry: try CalendarDate(expiry, field: .expiry), vials: try VialCount(vials, field: .vials),
            supplier: try Name(supplier, field: .supplier), quarantine: quarantine, at: try Timestamp(at, field: .at),
            now: now)
    }

    public init(
        gs1: String, vials: String, expiry: String? = nil, supplier: String?, quarantine: Bool, today: CalendarDate,
        at: String? = nil, now: Timestamp = .now()
    ) throws(MesoError) {
        try self.init(
            gs1: try ScannedPack(parsing: gs1, today: today, field: "\(.gs1)"),
            expiry: try CalendarDate(expiry, field: .expiry), vials: try VialCount(vials, field: .vials),
            supplier: try Name(supplier, field: .supplier), quarantine: quarantine, at: try Timestamp(at, field: .at),
            now: now)
    }
}
