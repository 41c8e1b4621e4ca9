#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A delivery of one lot, typed as flags or scanned as a GS1 element string, checked before
/// anything is written. The lot may be new or already on file: a lot is one product, lot number and
/// expiry, and arrives as many times as it is delivered.
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
    /// The pack scanned (`Field.gs1`), kept with the receipt with its serial.
    public let pack: ScannedPack?
    /// A new lot is received into quarantine (to be released later) instead of released at once; a
    /// lot on file keeps its status.
    public let quarantine: Bool
    /// When the delivery arrived (`Field.at`), for one recorded after the fact; nil for now. No session
    /// before it may draw what it brought unless nothing else suffices.
    public let receivedAt: Timestamp?
    /// The option the expiry and lot came from, for error messages (`Field.expiry` or `Field.gs1`).
    public let sourceField: Message

    /// `Field.product P Field.lot L Field.expiry D Field.vials N [Field.supplier S] [Field.quarantine] [Field.at TIME]`.
    public init(
        product: String, lot: String, expiry: String, vials: String, supplier: String?, quarantine: Bool,
        at: String? = nil, now: Timestamp = .now()
    ) throws(MesoError) {
        self.product = .code(try FieldText.code(product, field: "\(.product)", upperCase: true))
        self.lotNumber = try LotReference.lotNumber(lot, field: "\(.lot)")
        self.expiry = try FieldText.date(expiry, field: "\(.expiry)")
        self.vials = try Self.vials(vials)
        self.supplier = try Self.supplier(supplier)
        self.pack = nil
        self.quarantine = quarantine
        self.receivedAt = try Self.receivedAt(at, now: now)
        self.sourceField = "\(.expiry)"
    }

    /// `Field.gs1 'ELEMENT STRING' Field.vials N [Field.expiry D] [Field.supplier S] [Field.quarantine] [Field.at TIME]`: the
    /// GTIN names the product and the lot (10) is required. The expiry is the label's (17), or `Field.expiry`
    /// when the label has none: a best-before date (15) is not an expiry.
    public init(
        gs1: String, vials: String, expiry: String? = nil, supplier: String?, quarantine: Bool, today: CalendarDate,
        at: String? = nil, now: Timestamp = .now()
    ) throws(MesoError) {
        let pack = try ScannedPack(parsing: gs1, today: today, field: "\(.gs1)")
        guard let lot = pack.lotNumber else {
            throw .invalid("\(.gs1)", "\(.gs1) has no lot (10): a lot is not received without it.")
        }
        let typed = try expiry.map { text throws(MesoError) in try FieldText.date(text, field: "\(.expiry)") }
        switch (pack.expiry, typed) {
        case (nil, nil):
            throw .invalid(
                "\(.gs1)",
                "\(.gs1) has no expiry (17): give the expiry printed on the pack with \(.expiry) (a best-before date (15) is not an expiry).")
        case (let label?, let typed?) where label != typed:
            throw .invalid("\(.expiry)", "\(.expiry) \(typed) differs from the expiry (17) \(label) of \(.gs1): check the label.")
        default:
            self.expiry = pack.expiry ?? typed!
        }
        self.product = .gtin(pack.gtin)
        self.lotNumber = lot
        self.vials = try Self.vials(vials)
        self.supplier = try Self.supplier(supplier)
        self.pack = pack
        self.quarantine = quarantine
        self.receivedAt = try Self.receivedAt(at, now: now)
        self.sourceField = pack.expiry == nil ? "\(.expiry)" : "\(.gs1)"
    }

    static func vials(_ text: String, field: Message = "\(.vials)") throws(MesoError) -> Int {
        try FieldText.integer(text, field: field, in: 1...100_000)
    }

    /// A delivery is recorded once it has arrived; a receipt typed in late (from the delivery note)
    /// gives when, so that sessions performed before it draw what it brought only when nothing else
    /// suffices. How far ahead of now it may be is the database's to judge (`StockService.receive`).
    static func receivedAt(_ text: String?, now: Timestamp) throws(MesoError) -> Timestamp? {
        try text.map { text throws(MesoError) in
            try FieldText.pastTime(text, field: "\(.at)", now: now, checkWhat: "the date of the delivery")
        }
    }

    static func supplier(_ text: String?) throws(MesoError) -> String? {
        try text.map { text throws(MesoError) in try FieldText.name(text, field: "\(.supplier)") }
    }

    /// The sentence that ends a refusal of a receipt dated ahead of the database's clock.
    static let onceArrived = "a lot is received once it has arrived"
}
