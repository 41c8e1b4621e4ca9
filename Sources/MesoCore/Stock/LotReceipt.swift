#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A delivery of one lot, typed as flags or scanned as a GS1 element string, checked before
/// anything is written. The expiry is checked against the day the lot arrived (`--at`, else the
/// database's today).
public struct LotReceipt: Sendable, Hashable {
    /// How the product is named: by its code, or by the GTIN of a scan.
    public enum ProductIdentity: Sendable, Hashable {
        case code(String)
        case gtin(GTIN)
    }

    public let product: ProductIdentity
    public let lotNumber: String
    public let expiry: CalendarDate
    public let vials: Int
    public let supplier: String?
    public let serial: String?
    /// Received into quarantine (to be released later) instead of released at once.
    public let quarantine: Bool
    /// When the lot arrived (`--at`), for a delivery recorded after the fact; nil for now. No session
    /// before it may draw the lot.
    public let receivedAt: Timestamp?
    /// The option the expiry and lot came from, for error messages (`--expiry` or `--gs1`).
    public let sourceField: String

    /// `--product P --lot L --expiry D --vials N [--supplier S] [--quarantine] [--at TIME]`.
    public init(
        product: String, lot: String, expiry: String, vials: String, supplier: String?, quarantine: Bool,
        at: String? = nil, now: Timestamp = .now()
    ) throws(MesoError) {
        self.product = .code(try FieldText.code(product, field: "--product", upperCase: true))
        self.lotNumber = try LotReference.lotNumber(lot, field: "--lot")
        self.expiry = try FieldText.date(expiry, field: "--expiry")
        self.vials = try Self.vials(vials)
        self.supplier = try Self.supplier(supplier)
        self.serial = nil
        self.quarantine = quarantine
        self.receivedAt = try Self.receivedAt(at, now: now)
        self.sourceField = "--expiry"
    }

    /// `--gs1 'ELEMENT STRING' --vials N [--supplier S] [--quarantine] [--at TIME]`: the GTIN names
    /// the product; expiry (17) and lot (10) are required, a serial (21) is kept with the lot.
    public init(
        gs1: String, vials: String, supplier: String?, quarantine: Bool, today: CalendarDate, at: String? = nil,
        now: Timestamp = .now()
    ) throws(MesoError) {
        let scan = try GS1ElementString(parsing: gs1, today: today, field: "--gs1")
        guard let expiry = scan.expiry else {
            throw .invalid("--gs1", "--gs1 has no expiry (17): a lot is not received without its expiry date.")
        }
        guard let lot = scan.lotNumber else {
            throw .invalid("--gs1", "--gs1 has no lot number (10): a lot is not received without it.")
        }
        self.product = .gtin(scan.gtin)
        self.lotNumber = lot
        self.expiry = expiry
        self.vials = try Self.vials(vials)
        self.supplier = try Self.supplier(supplier)
        self.serial = scan.serial
        self.quarantine = quarantine
        self.receivedAt = try Self.receivedAt(at, now: now)
        self.sourceField = "--gs1"
    }

    private static func vials(_ text: String) throws(MesoError) -> Int {
        try FieldText.integer(text, field: "--vials", in: 1...100_000)
    }

    /// A delivery is recorded once it has arrived; a receipt typed in late (from the delivery note)
    /// gives when, so that sessions performed before it cannot draw the lot and those after can.
    private static func receivedAt(_ text: String?, now: Timestamp) throws(MesoError) -> Timestamp? {
        try text.map { text throws(MesoError) in
            try FieldText.pastTime(
                text, field: "--at", now: now, onceHappened: "a lot is received once it has arrived",
                checkWhat: "the date of the delivery")
        }
    }

    private static func supplier(_ text: String?) throws(MesoError) -> String? {
        try text.map { text throws(MesoError) in try FieldText.name(text, field: "--supplier") }
    }
}
