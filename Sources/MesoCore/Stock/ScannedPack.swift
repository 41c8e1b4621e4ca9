#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// One pack as its GS1 label was scanned: what a receipt needs of it (the product's GTIN (01), the
/// expiry (17), the lot (10), the serial (21)) and what is stored with the receipt: the element string
/// as meso reads it back (bracketed, canonical) and every element of the label with its value as
/// printed and what GS1 says it means (a production date (11), a best-before date (15), a count (30), a
/// national reimbursement number (710-715), ...).
///
/// Built from `GS1ElementString`, whose parser decides what a valid label is; this type only keeps
/// what the parser gives.
public struct ScannedPack: Sendable, Hashable {
    /// An element of the label: its AI, its value as printed, its title in GS1's dictionary, and its
    /// decoded fields (`date`, `count`, `measure` and `unit`, ...), as text.
    public struct Element: Sendable, Hashable {
        public let ai: String
        public let value: String
        public let title: String
        public let decoded: [(key: String, value: String)]

        public static func == (lhs: Element, rhs: Element) -> Bool {
            lhs.ai == rhs.ai && lhs.value == rhs.value
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(ai)
            hasher.combine(value)
        }
    }

    public let gtin: GTIN
    public let expiry: CalendarDate?
    public let lotNumber: String?
    public let serial: String?
    /// The element string as meso reads it back: `(01)09520107000013(17)271130(10)AB12C`.
    public let elementString: String
    /// The elements in the order the label gives them.
    public let elements: [Element]

    /// Reads one scanned or typed element string; `field` names where it came from in messages.
    public init(parsing text: String, today: CalendarDate, field: Message) throws(MesoError) {
        let scan = try GS1ElementString(parsing: text, today: today, field: field)
        gtin = scan.gtin
        expiry = scan.expiry
        lotNumber = scan.lotNumber
        serial = scan.serial
        elementString = scan.message.bracketed
        elements = scan.elements.map { element in
            Element(ai: element.ai, value: element.value, title: element.title, decoded: Self.fields(element.decoded))
        }
    }

    /// The elements as one JSON object, AI to `{"value", "title", decoded fields...}`, for the receipt's
    /// pack (`lot_receipt_pack.elements`).
    public var elementsJSON: String {
        func quoted(_ text: String) -> String {
            var out = "\""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out + "\""
        }
        let members = elements.map { element in
            let fields = [("value", element.value), ("title", element.title)] + element.decoded
            return quoted(element.ai) + ":{" + fields.map { quoted($0.0) + ":" + quoted($0.1) }.joined(separator: ",") + "}"
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// What GS1 says a value means, as named text fields.
    private static func fields(_ value: GS1Value) -> [(key: String, value: String)] {
        switch value {
        case .text: return []
        case .count(let count): return [("count", String(count))]
        case .date(let date): return [("date", date.description)]
        case .dateTime(let time): return [("date_time", time.description)]
        case .dateRange(let from, let to): return [("from", from.description), ("to", to.description)]
        case .measure(let amount, let unit): return [("measure", amount.description), ("unit", unit)]
        case .amount(let amount, let currency): return [("amount", amount.description)] + (currency.map { [("currency", $0)] } ?? [])
        case .percent(let percent): return [("percent", percent.description)]
        case .countries(let codes): return [("countries", codes.joined(separator: ","))]
        }
    }
}
