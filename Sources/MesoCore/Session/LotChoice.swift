/// A lot the practitioner names for a session instead of the first-expiry-first-out plan:
/// `Field.lot PRODUCT:LOT`, the lot number exactly as printed on the vial.
public struct LotChoice: Sendable, Hashable, CustomStringConvertible {
    public let productCode: String
    public let lotNumber: String

    public init(_ text: String, field: Message = "\(.lot)") throws(MesoError) {
        // Product codes hold no ':', lot numbers may: the first ':' separates them.
        guard let colon = text.firstIndex(of: ":") else {
            throw .invalid(field, "\(field) must name a lot as PRODUCT:LOT, such as POLYREVIT-5:PR-4471.")
        }
        productCode = try FieldText.code(String(text[..<colon]), field: field, upperCase: true)
        lotNumber = try LotReference.lotNumber(String(text[text.index(after: colon)...]), field: field)
    }

    public var description: String { "\(productCode):\(lotNumber)" }
}
