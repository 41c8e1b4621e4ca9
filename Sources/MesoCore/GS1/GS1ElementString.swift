import PostgresClient

/// What the GS1 element string printed or encoded on a vial or its box says, for receiving it: the
/// product (AI 01, GTIN-14), the expiry (AI 17), the lot (AI 10) and the serial number (AI 21), and
/// every other element the label carries (`message`), decoded.
///
/// Any valid GS1 label is read: every AI of GS1's Syntax Dictionary, in the bracketed form
/// `(01)09520107000013(17)271130(10)AB12C` or scanned (AIs run together, a variable-length value
/// ended by GS, after an optional symbology identifier `]d2`, `]C1`, `]e0`, `]Q3`, `]J1` or
/// EAN/UPC's `]E0`/`]E4`, and FNC1). What is malformed is refused, never guessed at (see
/// `GS1Message`); so is a label without a GTIN (01), which does not say which product it is.
///
/// (15) best before is not an expiry, and (7003) expiry date and time is an element of its own:
/// `expiry` is (17) alone.
public struct GS1ElementString: Sendable, Hashable {
    public let gtin: GTIN
    public let expiry: CalendarDate?
    public let lotNumber: String?
    public let serial: String?
    /// Every element of the label, (01), (17), (10) and (21) included, and its canonical forms.
    public let message: GS1Message

    /// Parses `text`; `today` places two-digit years in their century (GS1's sliding window).
    public init(parsing text: String, today: CalendarDate, field: Message = "\(.gs1)") throws(MesoError) {
        let noGTIN = MesoError.invalid(field, "\(field) has no GTIN (01): it does not say which product this is.")
        let message = try GS1Message(parsing: text, today: today, field: field, requisites: true, needing: [("01", noGTIN)])
        guard let gtin = message.element("01") else { throw noGTIN }
        self.gtin = try GTIN(fourteenDigits: gtin.value, named: "The GTIN (01) \(gtin.value) in \(field)", field: field)
        if case .date(let date) = message.element("17")?.decoded {
            self.expiry = date
        } else {
            self.expiry = nil
        }
        self.lotNumber = message.element("10")?.value
        self.serial = message.element("21")?.value
        self.message = message
    }

    /// Every element the label carries, in its order.
    public var elements: [GS1Element] { message.elements }

    /// The expiry date and time (7003), when the label gives one.
    public var expiryTime: GS1DateTime? {
        if case .dateTime(let time) = message.element("7003")?.decoded { return time }
        return nil
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
}
