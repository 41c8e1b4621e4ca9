#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Checks for the values people type: every failure is one sentence naming the field, and
/// nothing is written when one fails.
public enum FieldText {
    /// A name or label: trimmed, 1...maxLength characters, no control characters (a tab or a
    /// newline in a name breaks every table and CSV it is printed in).
    public static func name(_ text: String, field: Message, maxLength: Int = 200) throws(MesoError) -> String {
        try checkedText(text, field: field, maxLength: maxLength, newlines: false)
    }

    /// Free text such as a reason or a note: like `name`, but longer, and newlines are allowed.
    public static func note(_ text: String, field: Message, maxLength: Int = 2000) throws(MesoError) -> String {
        try checkedText(text, field: field, maxLength: maxLength, newlines: true)
    }

    /// Trimmed text with something visible in it, no control character (a newline only when
    /// allowed), and no U+FFFD: that is what a byte that was not UTF-8 became on its way in (a
    /// Latin-1 `é` typed in a terminal set to another encoding), and storing it would lose the letter.
    private static func checkedText(_ text: String, field: Message, maxLength: Int, newlines: Bool) throws(MesoError) -> String {
        let trimmed = withoutEdgeIsolates(trim(text))
        // Blank-looking text (no-break or ideographic spaces, zero-width characters) is empty to a reader.
        guard trimmed.unicodeScalars.contains(where: isVisible) else {
            throw .invalid(field, "\(field) must not be empty.")
        }
        for scalar in trimmed.unicodeScalars {
            if isControl(scalar) && !(newlines && scalar == "\n") {
                throw .invalid(field, "\(field) contains a control character.")
            }
            if scalar == "\u{FFFD}" {
                throw .invalid(
                    field, "\(field) holds bytes that are not UTF-8 (shown as \u{FFFD}): check the encoding it was typed or exported in.")
            }
        }
        guard trimmed.count <= maxLength else {
            throw .invalid(field, "\(field) is longer than \(maxLength) characters.")
        }
        return trimmed
    }

    /// A catalog code matched case-insensitively: letters, digits and `-`, 1...40 characters,
    /// stored lower-case (compounds, allergen groups) or upper-case (products, formulas).
    public static func code(_ text: String, field: Message, upperCase: Bool) throws(MesoError) -> String {
        let trimmed = trim(text)
        guard !trimmed.isEmpty else { throw .invalid(field, "\(field) must not be empty.") }
        guard trimmed.utf8.count <= 40,
            trimmed.utf8.allSatisfy({ isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") }),
            isASCIIAlphanumeric(trimmed.utf8.first!)
        else {
            throw .invalid(field, "\(field) must be 1 to 40 letters, digits or '-', starting with a letter or digit.")
        }
        return upperCase ? trimmed.uppercased() : trimmed.lowercased()
    }

    /// `CODE:VALUE` as typed after `Field.ingredient` or `Field.component` (`lidocaine:10mg/mL`,
    /// `LIDO-1-MD:0.5`), split at the first colon: a code never holds one, a lot number may. The code
    /// is checked as `code` checks it; nil when there is no colon, for the caller to say what the
    /// pair should look like.
    public static func codePair(_ text: String, field: Message, upperCase: Bool) throws(MesoError)
        -> (code: String, value: String)?
    {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        return (
            try code(String(text[..<colon]), field: field, upperCase: upperCase),
            String(text[text.index(after: colon)...])
        )
    }

    /// A calendar date written `YYYY-MM-DD`.
    public static func date(_ text: String, field: Message) throws(MesoError) -> CalendarDate {
        guard let date = CalendarDate(iso: trim(text)) else {
            throw .invalid(field, "\(field) must be a real date written YYYY-MM-DD.")
        }
        return date
    }

    /// An instant in ISO 8601 (`2026-11-25T09:30:00Z`, an offset, or a bare date for midnight UTC).
    public static func time(_ text: String, field: Message) throws(MesoError) -> Timestamp {
        guard let time = Timestamp(iso: trim(text)) else {
            throw .invalid(field, "\(field) must be an ISO 8601 time such as 2026-11-25T09:30:00Z.")
        }
        return time
    }

    /// A decimal written with '.' (never a locale's comma), at most `maxDecimals` decimals,
    /// greater than zero (or zero when allowed) and at most `maximum`.
    public static func decimal(
        _ text: String, field: Message, unit: String, maxDecimals: Int = 3, maximum: Decimal,
        allowZero: Bool = false
    ) throws(MesoError) -> Decimal {
        let trimmed = trim(text)
        guard !trimmed.isEmpty, trimmed.utf8.allSatisfy({ isASCIIDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "+") }),
            let value = Decimal(exactText: trimmed)
        else {
            throw .invalid(field, "\(field) must be a number such as 2.5 (in \(unit)).")
        }
        if value < 0 || (!allowZero && value == 0) {
            throw .invalid(field, "\(field) must be \(allowZero ? "zero or more" : "more than zero") (in \(unit)).")
        }
        guard value <= maximum else {
            throw .invalid(field, "\(field) must be at most \(maximum) \(unit).")
        }
        guard value.significantDecimals <= maxDecimals else {
            throw .invalid(field, "\(field) has more than \(maxDecimals) decimals.")
        }
        return value
    }

    /// A whole number in `range`.
    public static func integer(_ text: String, field: Message, in range: ClosedRange<Int>) throws(MesoError) -> Int {
        guard let value = Int(trim(text)) else { throw .invalid(field, "\(field) must be a whole number.") }
        guard range.contains(value) else {
            throw .invalid(field, "\(field) must be between \(range.lowerBound) and \(range.upperBound).")
        }
        return value
    }

    /// C0 and C1 controls, the line and paragraph separators (line breaks to many renderers), and
    /// the bidi embeddings, overrides and isolates that could disguise what is shown.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            || (0x2028...0x2029).contains(scalar.value) || (0x202A...0x202E).contains(scalar.value)
            || (0x2066...0x2069).contains(scalar.value)
    }

    /// A character that shows: not a space of any kind, not a zero-width or other format character.
    static func isVisible(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.properties.isWhitespace && scalar.properties.generalCategory != .format && !isControl(scalar)
    }

    /// Text pasted back from a table: meso's tables wrap right-to-left text in an isolate (FSI ...
    /// PDI), so an isolate opened at the start and closed at the end is dropped (an isolate inside
    /// the text is still refused, as it can reorder what is shown).
    static func withoutEdgeIsolates(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)[...]
        while let first = scalars.first, let last = scalars.last, scalars.count >= 2,
            (0x2066...0x2068).contains(first.value), last.value == 0x2069
        {
            scalars = scalars.dropFirst().dropLast()
        }
        guard scalars.count < text.unicodeScalars.count else { return text }
        var stripped = String.UnicodeScalarView()
        stripped.append(contentsOf: scalars)
        return trim(String(stripped))
    }

    static func trim(_ text: String) -> String {
        String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }

    static func isASCIIDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        isASCIIDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
    }
}
