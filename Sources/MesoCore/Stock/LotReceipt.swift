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
    /// - Parameter now: `at` is checked against it (not more than a year back).
    public init(
        product: ProductCode, lot: LotNumber, expiry: CalendarDate, vials: VialCount, supplier: Name?, quarantine: Bool,
        at: Timestamp? = nil, now: Timestamp = .now()
    ) throws(MesoError) {
        self.product = .code(product.text)
        self.lotNumber = lot.text
        self.expiry = expiry
        self.vials = vials.value
        self.supplier = supplier?.text
        self.pack = nil
        self.quarantine = quarantine
        self.receivedAt = try Self.receivedAt(at, now: now)
        self.sourceField = "\(.expiry)"
    }

    /// `Field.gs1 'ELEMENT STRING' Field.vials N [Field.expiry D] [Field.supplier S] [Field.quarantine] [Field.at TIME]`: the
    /// GTIN names the product and the lot (10) is required. The expiry is the label's (17), or `Field.expiry`
    /// when the label has none: a best-before date (15) is not an expiry.
    public init(
        gs1 pack: ScannedPack, expiry typed: CalendarDate? = nil, vials: VialCount, supplier: Name?, quarantine: Bool,
        at: Timestamp? = nil, now: Timestamp = .now()
    ) throws(MesoError) {
        guard let lot = pack.lotNumber else {
            throw .invalid("\(.gs1)", "\(.gs1) has no lot (10): a lot is not received without it.")
        }
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
        self.vials = vials.value
        self.supplier = supplier?.text
        self.pack = pack
        self.quarantine = quarantine
        self.receivedAt = try Self.receivedAt(at, now: now)
        self.sourceField = pack.expiry == nil ? "\(.expiry)" : "\(.gs1)"
    }

    /// A delivery is recorded once it has arrived; a receipt typed in late (from the delivery note)
    /// gives when, so that sessions performed before it draw what it brought only when nothing else
    /// suffices. How far ahead of now it may be is the database's to judge (`StockService.receive`).
    static func receivedAt(_ time: Timestamp?, now: Timestamp) throws(MesoError) -> Timestamp? {
        try time.map { time throws(MesoError) in
            try FieldText.pastTime(time, field: "\(.at)", now: now, checkWhat: "the date of the delivery")
        }
    }

    /// The sentence that ends a refusal of a receipt dated ahead of the database's clock.
    static let onceArrived = "a lot is received once it has arrived"
}
