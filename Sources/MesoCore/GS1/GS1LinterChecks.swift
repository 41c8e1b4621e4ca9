/// The arithmetic linters: check digits and pairs, the GS1 Company Prefix, IBANs, coordinates,
/// piece-of-total and position-in-sequence.
extension GS1Linter {
    /// GS1 mod-10: from the right, the digits before the check digit weigh 3, 1, 3, ...
    static func csum(_ value: [UInt8]) -> GS1LintFault? {
        guard !value.isEmpty else { return .init("TOO_SHORT_FOR_CHECK_DIGIT", "is too short to hold a check digit") }
        guard value.allSatisfy(isDigit) else { return .init("NON_DIGIT_CHARACTER", "must be all digits") }
        let expected = GTIN.checkDigit(of: value.dropLast())
        guard value.last! - UInt8(ascii: "0") == expected else {
            return .init("INCORRECT_CHECK_DIGIT", "has a wrong check digit: it should be \(expected)")
        }
        return nil
    }

    static let csumalphaPrimes: [Int] = [
        2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109,
        113, 127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239,
        241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379,
        383, 389, 397, 401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
    ]
    /// CSET 82 in the order of its check-character values, and the 32 check characters.
    static let cset82Order = Array("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".utf8)
    static let cset32 = Array("23456789ABCDEFGHJKLMNPQRSTUVWXYZ".utf8)

    /// The two check characters GS1's alphanumeric check pair gives `body`: the values of its
    /// characters weighted by primes from the right, modulo 1021, split into two 5-bit halves.
    public static func checkPair(of body: [UInt8]) -> [UInt8] {
        var sum = 0
        for (index, byte) in body.enumerated() {
            sum += (cset82Order.firstIndex(of: byte) ?? 0) * csumalphaPrimes[body.count - 1 - index]
        }
        sum %= 1021
        return [cset32[sum >> 5], cset32[sum & 31]]
    }

    static func csumalpha(_ value: [UInt8]) -> GS1LintFault? {
        guard value.count >= 2 else { return .init("TOO_SHORT_FOR_CHECK_PAIR", "is too short to hold its two check characters") }
        guard value.count - 2 <= csumalphaPrimes.count else {
            return .init("TOO_LONG_FOR_CHECK_PAIR_IMPLEMENTATION", "is too long for its check characters")
        }
        let body = Array(value.dropLast(2))
        guard body.allSatisfy({ cset82Order.contains($0) }) else {
            return .init("INVALID_CSET82_CHARACTER", "holds a character GS1 does not allow there")
        }
        guard value.suffix(2).allSatisfy({ cset32.contains($0) }) else {
            return .init("INVALID_CSET32_CHARACTER", "ends with check characters that cannot be (2-9 and A-Z without I and O)")
        }
        let expected = checkPair(of: body)
        guard Array(value.suffix(2)) == expected else {
            return .init("INCORRECT_CHECK_PAIR", "has wrong check characters: they should be \(String(decoding: expected, as: UTF8.self))")
        }
        return nil
    }

    /// A GS1 Company Prefix starts the value: at least four digits (meso has no GCP register).
    static func key(_ value: [UInt8]) -> GS1LintFault? {
        guard value.count >= 4 else { return .init("TOO_SHORT_FOR_KEY", "is too short to hold a GS1 Company Prefix") }
        guard value.prefix(4).allSatisfy(isDigit) else {
            return .init("INVALID_GCP_PREFIX", "does not start with a GS1 Company Prefix (four digits)")
        }
        return nil
    }

    /// ISO 13616: a known country, 11 to 34 characters of digits and capitals, mod 97 = 1.
    static func iban(_ value: [UInt8]) -> GS1LintFault? {
        guard value.count >= 4 else { return .init("IBAN_TOO_SHORT", "is too short to be an IBAN") }
        guard GS1CodeLists.alpha2(Array(value.prefix(2))) else {
            return .init("ILLEGAL_IBAN_COUNTRY_CODE", "does not start with an IBAN country code")
        }
        guard value.count <= 34 else { return .init("IBAN_TOO_LONG", "is too long to be an IBAN") }
        guard value.count > 10 else { return .init("IBAN_TOO_SHORT", "is too short to be an IBAN") }
        var remainder = 0
        for byte in value[4...] + value[..<4] {
            if isDigit(byte) {
                remainder = (remainder * 10 + Int(byte - UInt8(ascii: "0"))) % 97
            } else if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") {
                remainder = (remainder * 100 + Int(byte - UInt8(ascii: "A")) + 10) % 97
            } else {
                return .init("INVALID_IBAN_CHARACTER", "holds a character an IBAN cannot (digits and capitals only)")
            }
        }
        return remainder == 1 ? nil : .init("INCORRECT_IBAN_CHECKSUM", "has wrong IBAN check digits")
    }

    /// Ten digits, at most `limit` (latitude 0-180°, longitude 0-360°, offset by 90° and 180°).
    static func coordinate(_ value: [UInt8], limit: UInt64, name: String, _ problem: String) -> GS1LintFault? {
        guard value.count == 10 else { return .init("\(name)_INVALID_LENGTH", "must be ten digits") }
        guard value.allSatisfy(isDigit) else { return .init("NON_DIGIT_CHARACTER", "must be all digits") }
        let number = value.reduce(UInt64(0)) { $0 * 10 + UInt64($1 - UInt8(ascii: "0")) }
        return number <= limit ? nil : .init("INVALID_\(name)", problem)
    }

    /// PPTT: piece PP of TT, both non-zero and of equal width, PP at most TT.
    static func pieceOfTotal(_ value: [UInt8]) -> GS1LintFault? {
        guard value.allSatisfy(isDigit) else { return .init("NON_DIGIT_CHARACTER", "must be all digits") }
        guard !value.isEmpty && value.count % 2 == 0 else {
            return .init("INVALID_LENGTH_FOR_PIECE_OF_TOTAL", "must be a piece number and a total of equal width")
        }
        let piece = value.prefix(value.count / 2)
        let total = value.suffix(value.count / 2)
        if piece.allSatisfy({ $0 == UInt8(ascii: "0") }) { return .init("ZERO_PIECE_NUMBER", "has a piece number of zero") }
        if total.allSatisfy({ $0 == UInt8(ascii: "0") }) { return .init("ZERO_TOTAL_PIECES", "has a total of zero pieces") }
        return piece.lexicographicallyPrecedes(total) || piece.elementsEqual(total)
            ? nil : .init("PIECE_NUMBER_EXCEEDS_TOTAL", "has a piece number above the total")
    }

    /// "position/end", both numbers without leading zeros, the position at most the end.
    static func positionInSequence(_ value: [UInt8]) -> GS1LintFault? {
        let malformed = GS1LintFault("POSITION_IN_SEQUENCE_MALFORMED", "is not a position in a sequence (such as 1/3)")
        let parts = value.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty, parts.allSatisfy({ $0.allSatisfy(isDigit) }) else {
            return malformed
        }
        let (position, end) = (Array(parts[0]), Array(parts[1]))
        if position.first == UInt8(ascii: "0") || end.first == UInt8(ascii: "0") {
            return .init("ILLEGAL_ZERO_PREFIX", "has a number that starts with 0")
        }
        let exceeds = position.count > end.count || (position.count == end.count && end.lexicographicallyPrecedes(position))
        return exceeds ? .init("POSITION_EXCEEDS_END", "has a position after the end of the sequence") : nil
    }
}
