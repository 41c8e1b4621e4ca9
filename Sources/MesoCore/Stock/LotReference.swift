/// A lot named the way the pharmacist names it: `Field.product CODE Field.lot LOTNUMBER`.
public struct LotReference: Sendable, Hashable, CustomStringConvertible {
    public let productCode: String
    public let lotNumber: String

    public init(product: String, lot: String) throws(MesoError) {
        self.productCode = try FieldText.code(product, field: "\(.product)", upperCase: true)
        self.lotNumber = try Self.lotNumber(lot, field: "\(.lot)")
    }

    /// A reference from values already checked (or read from the database).
    init(productCode: String, lotNumber: String) {
        self.productCode = productCode
        self.lotNumber = lotNumber
    }

    /// A lot number as printed: 1 to 20 printable ASCII characters, no spaces, kept exactly as
    /// written (case matters: GS1 lot numbers are case-sensitive).
    public static func lotNumber(_ text: String, field: Message) throws(MesoError) -> String {
        let trimmed = FieldText.trim(text)
        guard (1...20).contains(trimmed.utf8.count), trimmed.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalid(field, "\(field) must be 1 to 20 printable ASCII characters without spaces, as printed on the vial.")
        }
        return trimmed
    }

    public var description: String { "Lot \(lotNumber) of \(productCode)" }
}
