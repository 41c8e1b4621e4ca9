import MesoCore
import PostgresClient
import PropertyBased

/// A well-formed GS1 label for the property tests: the fields a vial carries and every way meso
/// accepts them written (bracketed, a "(" of a value escaped as \(, or scanned with FNC1
/// separators), in any order of the AIs.
struct GS1Label: Sendable, CustomStringConvertible {
    let gtin: String
    /// The six digits of AI 17, and the day they stand for (DD 00: the month's last day).
    let expiryDigits: String
    let expiry: CalendarDate
    let lot: String
    let serial: String?
    /// The AIs in the order they are written.
    let order: [String]
    let bracketed: Bool
    /// For the scanned form: what comes first (nothing, a symbology identifier, FNC1 or both), and
    /// whether a GS follows the fixed-length fields too, as some printers put one there.
    let prefix: String
    let separatorAfterFixed: Bool

    static let groupSeparator = "\u{1D}"
    /// GS1 AI encodable character set 82, what a lot or serial number may hold.
    static let set82 = Array("!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz")
    static let prefixes = ["", "]d2", "]C1", "]Q3", "]e0", "]J1", groupSeparator, "]d2" + groupSeparator]

    /// Any label meso must read: today places the two-digit year (the parse's sliding window).
    static func generator(today: CalendarDate) -> Generator<GS1Label, some SendableSequenceType> {
        let value = Gen<Character?>.element(of: set82).map { $0! }.string(of: 1...20)
        return zip(
            Gen.number.string(of: 13), Gen.int(in: 0...99), Gen.int(in: 1...12), Gen.int(in: 0...31), value,
            value.optional, Gen.shuffled(["01", "17", "10", "21"]), Gen.bool, Gen.int(in: 0...(prefixes.count - 1)), Gen.bool
        ).map { body, yy, month, rawDay, lot, serial, order, bracketed, prefix, separatorAfterFixed in
            let year = GS1ElementString.centuryWindow(twoDigitYear: yy, today: today)
            let day = min(rawDay, CalendarDate.daysIn(month: month, year: year))
            let expiry = day == 0 ? CalendarDate(year: year, month: month, day: 1)!.endOfMonth
                : CalendarDate(year: year, month: month, day: day)!
            return GS1Label(
                gtin: body + String(GTIN.checkDigit(of: Array(body.utf8))), expiryDigits: two(yy) + two(month) + two(day),
                expiry: expiry, lot: lot, serial: serial, order: order.filter { $0 != "21" || serial != nil },
                bracketed: bracketed, prefix: bracketed ? "" : prefixes[prefix], separatorAfterFixed: separatorAfterFixed)
        }
    }

    static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    func value(of ai: String) -> String {
        switch ai {
        case "01": return gtin
        case "17": return expiryDigits
        case "10": return lot
        default: return serial ?? ""
        }
    }

    /// The label as printed or scanned, and where each fixed-length value (GTIN, expiry) sits in it.
    var written: (text: String, fixed: [String: Range<Int>]) {
        var text = prefix
        var fixed: [String: Range<Int>] = [:]
        for (index, ai) in order.enumerated() {
            let isLast = index == order.count - 1
            text += bracketed ? "(\(ai))" : ai
            let start = text.utf8.count
            // The bracketed form writes a "(" of a value as \(, as GS1 does.
            text += bracketed ? value(of: ai).replacing("(", with: "\\(") : value(of: ai)
            if ai == "01" || ai == "17" {
                fixed[ai] = start..<text.utf8.count
                if !bracketed && separatorAfterFixed && !isLast { text += Self.groupSeparator }
            } else if !bracketed && !isLast {
                text += Self.groupSeparator
            }
        }
        return (text, fixed)
    }

    var text: String { written.text }

    var description: String { text.debugDescription }

    /// The fields a parse must find.
    func matches(_ scan: GS1ElementString) -> Bool {
        scan.gtin.digits == gtin && scan.expiry == expiry && scan.lotNumber == lot && scan.serial == serial
    }
}
