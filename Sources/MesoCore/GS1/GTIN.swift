/// A Global Trade Item Number in its 14-digit form (what AI 01 carries and `product.gtin` stores),
/// with its GS1 mod-10 check digit verified: a misread or mistyped digit must not resolve to
/// another product.
public struct GTIN: Sendable, Hashable, CustomStringConvertible {
    public let digits: String

    /// Accepts GTIN-8, -12, -13 and -14 and writes it as GTIN-14 (left-padded with zeros, as GS1
    /// does in AI 01), so an EAN-13 typed from a box and the AI 01 of a scan name the same product.
    public init(_ text: String, field: Message) throws(MesoError) {
        let trimmed = FieldText.trim(text)
        guard trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            [8, 12, 13, 14].contains(trimmed.utf8.count)
        else {
            throw .invalid(field, "\(field) must be a GTIN of 8, 12, 13 or 14 digits.")
        }
        let padded = String(repeating: "0", count: 14 - trimmed.utf8.count) + trimmed
        try self.init(fourteenDigits: padded, named: "\(field) \(trimmed)", field: field)
    }

    /// Checks 14 digits; `label` names them in the error ("The GTIN (01) ... in Field.gs1").
    init(fourteenDigits digits: String, named label: Message, field: Message) throws(MesoError) {
        let expected = GTIN.checkDigit(of: digits.utf8.prefix(13))
        guard digits.utf8.last! - UInt8(ascii: "0") == expected else {
            throw .invalid(field, "\(label) has a wrong check digit: the last digit should be \(expected).")
        }
        self.digits = digits
    }

    public var description: String { digits }

    /// GS1 mod-10: from the right, the digits before the check digit are weighted 3, 1, 3, ...
    public static func checkDigit(of body: some Collection<UInt8>) -> UInt8 {
        var sum = 0
        for (offset, byte) in body.reversed().enumerated() {
            sum += Int(byte - UInt8(ascii: "0")) * (offset % 2 == 0 ? 3 : 1)
        }
        return UInt8((10 - sum % 10) % 10)
    }
}
