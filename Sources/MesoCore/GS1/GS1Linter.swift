import PostgresClient

/// GS1's reference "linters": the content checks the Syntax Dictionary names for an AI component
/// (`N14,csum,keyoff1`), each following GS1's gs1-syntax-engine (`src/c-lib/syntax/lint_*.c`) rule
/// for rule. The raw value is the dictionary's name; the character-set linters run on every
/// component first.
public enum GS1Linter: String, CaseIterable, Sendable {
    case csetnumeric, cset82, cset39, cset64
    case csum, csumalpha, key, keyoff1
    case yymmd0, yymmdd, yyyymmdd, hhmi, hh, mi, ss
    case iso3166, iso3166999, iso3166alpha2, iso4217, iso5218
    case iban, pcenc, latitude, longitude, nonzero, zero, yesno, winding, pieceoftotal, posinseqslash
    case importeridx, mediatype, packagetype, hyphen, nozeroprefix, hasnondigit, couponcode, couponposoffer

    /// The fault in `value`, or nil when it passes. `today` places two-digit years in their
    /// century (which decides 29 February).
    public func fault(in value: [UInt8], today: CalendarDate) -> GS1LintFault? {
        switch self {
        case .csetnumeric: return Self.characters(value, allowed: Self.isDigit, code: "NON_DIGIT_CHARACTER", set: .numeric)
        case .cset82: return Self.characters(value, allowed: Self.isCSET82, code: "INVALID_CSET82_CHARACTER", set: .cset82)
        case .cset39: return Self.characters(value, allowed: Self.isCSET39, code: "INVALID_CSET39_CHARACTER", set: .cset39)
        case .cset64: return Self.cset64(value)
        case .csum: return Self.csum(value)
        case .csumalpha: return Self.csumalpha(value)
        case .key: return Self.key(value)
        case .keyoff1: return value.count < 2 ? .init("TOO_SHORT_FOR_KEY", "is too short to hold a GS1 Company Prefix") : Self.key(Array(value.dropFirst()))
        case .yymmd0, .yymmdd, .yyyymmdd: return GS1Dates.fault(in: value, linter: self, today: today)
        case .hhmi, .hh, .mi, .ss: return GS1Dates.timeFault(in: value, linter: self)
        case .iso3166: return GS1CodeLists.iso3166(value) ? nil : .init("NOT_ISO3166", "is not an ISO 3166 country code")
        case .iso3166999:
            return value == Array("999".utf8) || GS1CodeLists.iso3166(value)
                ? nil : .init("NOT_ISO3166_OR_999", "is neither an ISO 3166 country code nor 999")
        case .iso3166alpha2: return GS1CodeLists.alpha2(value) ? nil : .init("NOT_ISO3166_ALPHA2", "is not an ISO 3166 two-letter country code")
        case .iso4217: return GS1CodeLists.iso4217(value) ? nil : .init("NOT_ISO4217", "is not an ISO 4217 currency code")
        case .iso5218: return Self.oneOf(value, "0129", code: "INVALID_BIOLOGICAL_SEX_CODE", "is not an ISO/IEC 5218 sex code (0, 1, 2 or 9)")
        case .yesno: return Self.oneOf(value, "01", code: "NOT_ZERO_OR_ONE", "must be 0 or 1")
        case .zero: return Self.oneOf(value, "0", code: "NOT_ZERO", "must be 0")
        case .winding: return Self.oneOf(value, "019", code: "INVALID_WINDING_DIRECTION", "is not a winding direction (0, 1 or 9)")
        case .nonzero: return Self.nonzero(value)
        case .iban: return Self.iban(value)
        case .pcenc: return Self.pcenc(value)
        case .latitude: return Self.coordinate(value, limit: 1_800_000_000, name: "LATITUDE", "is not a latitude (at most 1800000000)")
        case .longitude: return Self.coordinate(value, limit: 3_600_000_000, name: "LONGITUDE", "is not a longitude (at most 3600000000)")
        case .pieceoftotal: return Self.pieceOfTotal(value)
        case .posinseqslash: return Self.positionInSequence(value)
        case .importeridx: return Self.importerIndex(value)
        case .mediatype: return GS1CodeLists.mediaType(value) ? nil : .init("INVALID_MEDIA_TYPE", "is not an AIDC media type")
        case .packagetype: return GS1CodeLists.packageType(value) ? nil : .init("INVALID_PACKAGE_TYPE", "is not a GS1 package type code")
        case .hyphen:
            return !value.isEmpty && value.allSatisfy({ $0 == UInt8(ascii: "-") }) ? nil : .init("NOT_HYPHEN", "may only be a hyphen (-)")
        case .nozeroprefix: return Self.noZeroPrefix(value)
        case .hasnondigit:
            return value.contains(where: { !Self.isDigit($0) }) ? nil : .init("REQUIRES_NON_DIGIT_CHARACTER", "must hold a character that is not a digit")
        case .couponcode: return GS1Coupons.couponCode(value)
        case .couponposoffer: return GS1Coupons.positiveOffer(value)
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// GS1 AI encodable character set 82.
    static func isCSET82(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!\"%&'()*+,-./:;<=>?_".utf8.contains(byte)
        }
    }

    /// GS1 AI encodable character set 39.
    static func isCSET39(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || "#-/".utf8.contains(byte)
    }

    static func isCSET64(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
    }

    static func characters(_ value: [UInt8], allowed: (UInt8) -> Bool, code: String, set: GS1CharacterSet) -> GS1LintFault? {
        guard value.contains(where: { !allowed($0) }) else { return nil }
        return .init(code, "holds a character GS1 does not allow there (\(set.name) only)")
    }

    /// CSET 64 with at most two "=" of padding, and padding only to a multiple of three.
    static func cset64(_ value: [UInt8]) -> GS1LintFault? {
        var length = value.count
        while length > 0 && value[length - 1] == UInt8(ascii: "=") { length -= 1 }
        let pads = value.count - length
        if pads > 2 || (pads > 0 && value.count % 3 != 0) {
            return .init("INVALID_CSET64_PADDING", "ends with = padding that base64url does not allow")
        }
        return characters(Array(value[..<length]), allowed: isCSET64, code: "INVALID_CSET64_CHARACTER", set: .cset64)
    }

    static func oneOf(_ value: [UInt8], _ allowed: String, code: String, _ problem: String) -> GS1LintFault? {
        value.count == 1 && allowed.utf8.contains(value[0]) ? nil : .init(code, problem)
    }

    static func nonzero(_ value: [UInt8]) -> GS1LintFault? {
        if value.contains(where: { !isDigit($0) }) { return .init("NON_DIGIT_CHARACTER", "must be all digits") }
        return value.contains(where: { $0 != UInt8(ascii: "0") }) ? nil : .init("ILLEGAL_ZERO_VALUE", "must not be zero")
    }

    static func noZeroPrefix(_ value: [UInt8]) -> GS1LintFault? {
        if value.first == UInt8(ascii: "0") { return .init("ILLEGAL_ZERO_PREFIX", "must not start with 0") }
        return value.allSatisfy(isDigit) ? nil : .init("NON_DIGIT_CHARACTER", "must be all digits")
    }

    /// Every "%" starts a two-hex-digit escape.
    static func pcenc(_ value: [UInt8]) -> GS1LintFault? {
        var index = 0
        while index < value.count {
            if value[index] == UInt8(ascii: "%") {
                guard index + 2 < value.count, isHex(value[index + 1]), isHex(value[index + 2]) else {
                    return .init("INVALID_PERCENT_SEQUENCE", "holds a % that is not followed by two hexadecimal digits")
                }
                index += 2
            }
            index += 1
        }
        return nil
    }

    static func isHex(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    /// Importer index characters: -, digits, letters and _.
    static func importerIndex(_ value: [UInt8]) -> GS1LintFault? {
        guard value.count == 1 else { return .init("IMPORTER_IDX_MUST_BE_ONE_CHARACTER", "must be one character") }
        return isCSET64(value[0]) ? nil : .init("INVALID_IMPORT_IDX_CHARACTER", "is not an importer index (a letter, a digit, - or _)")
    }
}

/// Why a linter refused a component: `code` is gs1-syntax-engine's error name without its
/// `GS1_LINTER_` prefix ("INCORRECT_CHECK_DIGIT"), `problem` the fault in plain words, completing
/// a sentence about the value ("has a wrong check digit: it should be 3").
public struct GS1LintFault: Error, Sendable, Hashable {
    public let code: String
    public let problem: String

    init(_ code: String, _ problem: String) {
        self.code = code
        self.problem = problem
    }
}
