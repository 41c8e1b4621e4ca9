import PostgresClient

/// What the GS1 element string printed or encoded on a vial or its box says: the product (AI 01,
/// GTIN-14), the expiry (AI 17), the lot (AI 10) and the serial number (AI 21).
///
/// Two spellings are read:
/// - the human-readable one with AIs in parentheses, `(01)09520107000013(17)271130(10)AB12C`;
/// - the scanned one, AIs run together, a variable-length field ended by FNC1 (ASCII 29, GS) or
///   the end, optionally after a leading FNC1 and a symbology identifier (`]d2` Data Matrix,
///   `]C1` GS1-128, `]Q3` QR Code, `]e0` DataBar, `]J1` DotCode) that a scanner prefixes.
///
/// Anything meso cannot read with certainty is refused rather than guessed: an unknown AI (whose
/// length is unknown, so nothing after it can be trusted), a truncated or overlong field, a
/// repeated AI, a GTIN whose check digit is wrong, a date that does not exist.
public struct GS1ElementString: Sendable, Hashable {
    public let gtin: GTIN
    public let expiry: CalendarDate?
    public let lotNumber: String?
    public let serial: String?

    /// The application identifiers meso reads.
    enum AI: String, CaseIterable {
        case gtin = "01"
        case lot = "10"
        case expiry = "17"
        case serial = "21"

        /// The fixed length of the field, or nil for a variable-length one (at most `maxLength`).
        var fixedLength: Int? {
            switch self {
            case .gtin: return 14
            case .expiry: return 6
            case .lot, .serial: return nil
            }
        }

        var maxLength: Int { fixedLength ?? 20 }

        var label: String {
            switch self {
            case .gtin: return "GTIN (01)"
            case .expiry: return "expiry (17)"
            case .lot: return "lot (10)"
            case .serial: return "serial number (21)"
            }
        }
    }

    static let groupSeparator = UInt8(29)
    static let symbologyIdentifiers = ["]d2", "]C1", "]Q3", "]e0", "]J1"]

    /// Parses `text`; `today` places the two-digit expiry year in its century.
    public init(parsing text: String, today: CalendarDate, field: String = "--gs1") throws(MesoError) {
        var bytes = Array(FieldText.trim(text).utf8)
        if bytes.first == UInt8(ascii: "]") {
            let prefix = String(decoding: bytes.prefix(3), as: UTF8.self)
            guard Self.symbologyIdentifiers.contains(prefix) else {
                throw .invalid(
                    field,
                    "\(field) starts with the symbology identifier \(prefix), which is not one of a GS1 code (\(Self.symbologyIdentifiers.joined(separator: ", "))).")
            }
            bytes.removeFirst(3)
        }
        while bytes.first == Self.groupSeparator { bytes.removeFirst() }
        guard !bytes.isEmpty else { throw .invalid(field, "\(field) must not be empty.") }

        let fields =
            bytes.first == UInt8(ascii: "(")
            ? try Self.bracketedFields(bytes, field: field) : try Self.rawFields(bytes, field: field)
        var values: [AI: String] = [:]
        for (ai, value) in fields {
            guard values[ai] == nil else { throw .invalid(field, "\(field) holds the \(ai.label) more than once.") }
            values[ai] = value
        }
        guard let gtinText = values[.gtin] else {
            throw .invalid(field, "\(field) has no GTIN (01): it does not say which product this is.")
        }
        self.gtin = try GTIN(fourteenDigits: gtinText, named: "The GTIN (01) \(gtinText) in \(field)", field: field)
        self.expiry = try values[.expiry].map { text throws(MesoError) in
            try Self.expiry(text, today: today, field: field)
        }
        self.lotNumber = values[.lot]
        self.serial = values[.serial]
    }

    /// `(AI)value(AI)value...`; a value runs to the next `(` that opens an AI, or to the end.
    static func bracketedFields(_ bytes: [UInt8], field: String) throws(MesoError) -> [(AI, String)] {
        var fields: [(AI, String)] = []
        var index = 0
        while index < bytes.count {
            guard let close = opensAI(bytes, at: index) else {
                throw .invalid(field, "\(field) must be a list of (AI)value pairs such as (01)09520107000013(17)271130(10)AB12C.")
            }
            let aiText = String(decoding: bytes[(index + 1)..<close], as: UTF8.self)
            guard let ai = AI(rawValue: aiText) else { throw unknown(aiText, field: field) }
            var end = close + 1
            while end < bytes.count && opensAI(bytes, at: end) == nil { end += 1 }
            let value = Array(bytes[(close + 1)..<end])
            try check(value, of: ai, field: field, separatorMayBeMissing: false)
            fields.append((ai, String(decoding: value, as: UTF8.self)))
            index = end
        }
        return fields
    }

    /// AIs and values run together; a variable-length value ends at a GS or at the end.
    static func rawFields(_ bytes: [UInt8], field: String) throws(MesoError) -> [(AI, String)] {
        var fields: [(AI, String)] = []
        var index = 0
        while index < bytes.count {
            guard index + 2 <= bytes.count, bytes[index..<(index + 2)].allSatisfy(isDigit) else {
                let rest = String(decoding: bytes[index...].prefix(4), as: UTF8.self)
                throw .invalid(
                    field, "\(field) has \"\(rest)\" where an application identifier (two or more digits) should start.")
            }
            let aiText = String(decoding: bytes[index..<(index + 2)], as: UTF8.self)
            guard let ai = AI(rawValue: aiText) else { throw unknown(aiText + "…", field: field) }
            let start = index + 2
            // A value ends at a GS, at the end, or (fixed length) after its length; a GS inside a
            // fixed-length field makes it short, which check() reports as truncated.
            let limit = ai.fixedLength.map { min(start + $0, bytes.count) } ?? bytes.count
            let end = bytes[start..<limit].firstIndex(of: groupSeparator) ?? limit
            let value = Array(bytes[start..<end])
            try check(value, of: ai, field: field, separatorMayBeMissing: true)
            fields.append((ai, String(decoding: value, as: UTF8.self)))
            index = end
            // A GS after a fixed-length field is not needed, but some printers put one there.
            if index < bytes.count && bytes[index] == groupSeparator { index += 1 }
        }
        return fields
    }

    /// The length and characters of one value.
    static func check(_ value: [UInt8], of ai: AI, field: String, separatorMayBeMissing: Bool) throws(MesoError) {
        if let length = ai.fixedLength {
            guard value.count >= length else {
                throw .invalid(
                    field, "\(field) is truncated: the \(ai.label) needs \(length) digits and has \(value.count).")
            }
            guard value.count == length else {
                throw .invalid(field, "\(field) has \(value.count) digits in the \(ai.label), which takes exactly \(length).")
            }
            guard value.allSatisfy(isDigit) else {
                throw .invalid(field, "\(field) has a \(ai.label) that is not all digits.")
            }
            return
        }
        guard !value.isEmpty else { throw .invalid(field, "\(field) has an empty \(ai.label).") }
        guard value.count <= ai.maxLength else {
            let hint = separatorMayBeMissing ? " (or the GS, ASCII 29, that should end it is missing)" : ""
            throw .invalid(
                field, "\(field) has a \(ai.label) longer than \(ai.maxLength) characters\(hint).")
        }
        guard value.allSatisfy(isCharacterSet82) else {
            throw .invalid(
                field,
                "\(field) has a \(ai.label) with a character GS1 does not allow (letters, digits and !\"%&'()*+,-./:;<=>?_ only).")
        }
    }

    /// YYMMDD: the century from the GS1 sliding window around `today`; DD 00 is the month's last day.
    static func expiry(_ text: String, today: CalendarDate, field: String) throws(MesoError) -> CalendarDate {
        let digits = Array(text.utf8).map { Int($0 - UInt8(ascii: "0")) }
        let yy = digits[0] * 10 + digits[1]
        let month = digits[2] * 10 + digits[3]
        let day = digits[4] * 10 + digits[5]
        let year = centuryWindow(twoDigitYear: yy, today: today)
        let notADate = MesoError.invalid(field, "\(field) has an expiry (17) \(text) that is not a real date (YYMMDD).")
        guard (1...12).contains(month) else { throw notADate }
        if day == 0 {
            guard let first = CalendarDate(year: year, month: month, day: 1) else { throw notADate }
            return first.endOfMonth
        }
        guard let date = CalendarDate(year: year, month: month, day: day) else { throw notADate }
        return date
    }

    /// GS1 General Specifications 7.12: a year more than 50 years ahead of today's is in the
    /// previous century, one 50 or more years behind it in the next.
    public static func centuryWindow(twoDigitYear yy: Int, today: CalendarDate) -> Int {
        let current = today.year % 100
        let century = today.year - current
        let difference = yy - current
        if difference >= 51 { return century - 100 + yy }
        if difference <= -50 { return century + 100 + yy }
        return century + yy
    }

    /// The index of the `)` when `(digits)` with 2 to 4 digits starts at `index`.
    static func opensAI(_ bytes: [UInt8], at index: Int) -> Int? {
        guard bytes[index] == UInt8(ascii: "(") else { return nil }
        var end = index + 1
        while end < bytes.count && isDigit(bytes[end]) && end - index <= 4 { end += 1 }
        let count = end - index - 1
        guard (2...4).contains(count), end < bytes.count, bytes[end] == UInt8(ascii: ")") else { return nil }
        return end
    }

    static func unknown(_ ai: String, field: String) -> MesoError {
        .invalid(
            field,
            "\(field) holds the application identifier (\(ai)), which meso does not read: only 01, 17, 10 and 21 are accepted.")
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// GS1 AI encodable character set 82: what a lot or serial number may hold.
    static func isCharacterSet82(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!\"%&'()*+,-./:;<=>?_".utf8.contains(byte)
        }
    }
}
