import PostgresClient

/// One pack as its GS1 label was scanned: what a receipt needs of it (the product's GTIN (01), the
/// expiry (17), the lot (10), the serial (21)) and what is stored with the receipt: the element string
/// as meso reads it back and each element with its value as printed.
///
/// Built from `GS1ElementString`, whose parser decides what a valid label is; this type only keeps
/// what the parser gives.
public struct ScannedPack: Sendable, Hashable {
    /// An application identifier and its value as the label prints it.
    public struct Element: Sendable, Hashable {
        public let ai: String
        public let value: String
    }

    public let gtin: GTIN
    public let expiry: CalendarDate?
    public let lotNumber: String?
    public let serial: String?
    /// The elements in the order the label gives them.
    public let elements: [Element]

    /// Reads one scanned or typed element string; `field` names where it came from in messages
    /// (`--gs1`, `line 3 of --scans`).
    public init(parsing text: String, today: CalendarDate, field: String) throws(MesoError) {
        let scan = try GS1ElementString(parsing: text, today: today, field: field)
        gtin = scan.gtin
        expiry = scan.expiry
        lotNumber = scan.lotNumber
        serial = scan.serial
        var elements = [Element(ai: "01", value: scan.gtin.digits)]
        if let expiry = scan.expiry { elements.append(Element(ai: "17", value: Self.yymmdd(expiry))) }
        if let lot = scan.lotNumber { elements.append(Element(ai: "10", value: lot)) }
        if let serial = scan.serial { elements.append(Element(ai: "21", value: serial)) }
        self.elements = elements
    }

    /// The human-readable element string, AIs in parentheses: `(01)09520107000013(17)271130(10)AB12C`.
    public var elementString: String {
        elements.map { "(\($0.ai))\($0.value)" }.joined()
    }

    /// A date as AI 17 prints it.
    private static func yymmdd(_ date: CalendarDate) -> String {
        func two(_ number: Int) -> String { number < 10 ? "0\(number)" : String(number) }
        return two(date.year % 100) + two(date.month) + two(date.day)
    }
}
