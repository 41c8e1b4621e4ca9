#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension Decimal: PostgresByteDecodable {
    /// numeric's text output is `-?digits[.digits]` (or NaN/Infinity, which Decimal cannot hold).
    /// The characters are checked first because `Decimal(string:)` stops quietly at the first
    /// character it does not understand; more than 38 significant digits would be rounded.
    public init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        guard let value = Decimal(exactUTF8: bytes) else {
            throw PostgresDecodingFailure("is not a decimal number that Decimal holds exactly")
        }
        self = value
    }
}

extension Decimal {
    /// Parses `[-+]digits[.digits]` exactly, with '.' as the separator whatever the locale;
    /// nil for anything else, or for more significant digits than Decimal keeps (38).
    ///
    /// Up to 18 significant digits (every quantity meso stores) the value is built from its digits
    /// directly, in the compact form `Decimal(string:)` gives; `Decimal(string:)` itself, many
    /// times slower, parses the rest.
    public init?(exactText text: some StringProtocol) {
        self.init(exactUTF8: text.utf8)
    }

    /// `init(exactText:)` over UTF-8 bytes.
    public init?(exactUTF8 bytes: some Collection<UInt8>) {
        var digits = 0
        var sawDigit = false
        var sawPoint = false
        var leadingZeros = true
        var negative = false
        var mantissa: UInt64 = 0
        var fractionDigits = 0
        for (offset, byte) in bytes.enumerated() {
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: "+"):
                guard offset == 0 else { return nil }
                negative = byte == UInt8(ascii: "-")
            case UInt8(ascii: "."):
                guard !sawPoint else { return nil }
                sawPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if byte != UInt8(ascii: "0") { leadingZeros = false }
                if !leadingZeros { digits += 1 }
                if sawPoint { fractionDigits += 1 }
                if digits <= 18 { mantissa = mantissa &* 10 &+ UInt64(byte - UInt8(ascii: "0")) }
            default:
                return nil
            }
        }
        guard sawDigit, digits <= 38 else { return nil }
        if digits <= 18 && fractionDigits <= 38 {
            guard mantissa != 0 else {
                self = 0
                return
            }
            var exponent = -fractionDigits
            while mantissa % 10 == 0 {
                mantissa /= 10
                exponent += 1
            }
            self = Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(mantissa))
            return
        }
        guard let value = Decimal(string: String(decoding: bytes, as: UTF8.self)) else { return nil }
        self = value
    }
}
