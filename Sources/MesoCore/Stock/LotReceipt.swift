#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A delivery of one lot, typed as flags or scanned as a GS1 element string, checked before
/// anything is written. The expiry is checked against the database's day when it is received.
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
    /// The option the expiry and lot came from, for error messages (`--expiry` or `--gs1`).
    public let sourceField: String

    /// `--product P --lot L --expiry D --vials N [--supplier S] [--quarantine]`.
    public init(product: String, lot: String, expiry: String, vials: String, supplier: String?, quarantine: Bool)
        throws(MesoError)
    {
        self.product = .code(try FieldText.code(product, field: "--product", upperCase: true))
        self.lotNumber = try LotReference.lotNumber(lot, field: "--lot")
        self.expiry = try FieldText.date(expiry, field: "--expiry")
        self.vials = try Self.vials(vials)
        self.supplier = try Self.supplier(supplier)
        self.serial = nil
        self.quarantine = quarantine
        self.sourceField = "--expiry"
    }

    /// `--gs1 'ELEMENT STRING' --vials N [--supplier S] [--quarantine]`: the GTIN names the
    /// product; expiry (17) and lot (10) are required, a serial (21) is kept with the lot.
    public init(gs1: String, vials: String, supplier: String?, quarantine: Bool, today: CalendarDate) throws(MesoError) {
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
        self.sourceField = "--gs1"
    }

    private static func vials(_ text: String) throws(MesoError) -> Int {
        try FieldText.integer(text, field: "--vials", in: 1...100_000)
    }

    private static func supplier(_ text: String?) throws(MesoError) -> String? {
        try text.map { text throws(MesoError) in try FieldText.name(text, field: "--supplier") }
    }
}
