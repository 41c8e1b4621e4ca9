/// A lot as the pharmacist names it: the product's code and the lot number printed on its vials.
/// Typed as two inputs (`Field.product CODE Field.lot LOTNUMBER`) or as one, `PRODUCT:LOT`
/// (`Field.lot` of a session, the lot of an export); its canonical text is `PRODUCT:LOT`.
public struct LotRef: TypedValue, Sendable, Hashable, CustomStringConvertible {
    public let product: ProductCode
    public let lot: LotNumber

    public init(product: ProductCode, lot: LotNumber) {
        self.product = product
        self.lot = lot
    }

    /// `PRODUCT:LOT`, split at the first ':' (a product code holds none, a lot number may).
    public init(_ text: String, field: Message) throws(MesoError) {
        guard let colon = text.firstIndex(of: ":") else {
            throw .invalid(field, "\(field) must name a lot as PRODUCT:LOT, such as POLYREVIT-5:PR-4471.")
        }
        product = try ProductCode(String(text[..<colon]), field: field)
        lot = try LotNumber(String(text[text.index(after: colon)...]), field: field)
    }

    /// A lot read from the database, where only checked codes and numbers are stored.
    init(productCode: String, lotNumber: String) {
        self.init(product: ProductCode(stored: productCode), lot: LotNumber(stored: lotNumber))
    }

    public var productCode: String { product.text }
    public var lotNumber: String { lot.text }

    /// `PRODUCT:LOT`.
    public var description: String { "\(productCode):\(lotNumber)" }

    /// The lot in a sentence: "Lot PR-4471 of POLYREVIT-5".
    public var label: String { "Lot \(lotNumber) of \(productCode)" }
}
