#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import MesoCore
import PostgresClient

/// A value as every output format sees it: tables align it, JSON types it, CSV quotes it.
enum OutputValue {
    case text(String)
    case integer(Int)
    /// A quantity at a fixed number of decimals; JSON carries it as a string ("2.500") so that no
    /// reader turns it into a binary float.
    case decimal(Decimal, scale: Int)
    case boolean(Bool)
    case date(CalendarDate)
    case time(Timestamp)
    case null
    case list([OutputValue])
    case record(OutputRecord)

    static func quantity(_ value: Decimal) -> OutputValue { .decimal(value, scale: 3) }

    static func optional<Value>(_ value: Value?, _ wrap: (Value) -> OutputValue) -> OutputValue {
        value.map(wrap) ?? .null
    }

    /// The text a table or CSV cell shows.
    var plainText: String {
        switch self {
        case .text(let text): return text
        case .integer(let value): return String(value)
        case .decimal(let value, let scale): return value.fixed(scale: scale)
        case .boolean(let value): return value ? "yes" : "no"
        case .date(let date): return date.description
        case .time(let time): return time.description
        case .null: return ""
        case .list(let values): return values.map(\.plainText).joined(separator: "; ")
        case .record(let record): return record.fields.map { "\($0.key)=\($0.value.plainText)" }.joined(separator: " ")
        }
    }
}

/// One key and its value.
struct OutputField {
    var key: String
    var value: OutputValue
}

/// Ordered fields with snake_case keys, written as a dictionary literal whose order is kept:
/// `["lot_number": .text(lot), "on_hand": .quantity(ml)]`.
struct OutputRecord: ExpressibleByDictionaryLiteral {
    var fields: [OutputField]

    init(_ fields: [OutputField] = []) {
        self.fields = fields
    }

    init(dictionaryLiteral elements: (String, OutputValue)...) {
        self.fields = elements.map { OutputField(key: $0.0, value: $0.1) }
    }

    mutating func append(_ key: String, _ value: OutputValue) {
        fields.append(OutputField(key: key, value: value))
    }

    subscript(key: String) -> OutputValue? {
        fields.first { $0.key == key }?.value
    }

    /// The fields named, in the order named: one mapping of a concept serves a narrower view of it.
    func selecting(_ keys: [String]) -> OutputRecord {
        OutputRecord(keys.compactMap { key in fields.first { $0.key == key } })
    }

    static func + (lhs: OutputRecord, rhs: OutputRecord) -> OutputRecord {
        OutputRecord(lhs.fields + rhs.fields)
    }
}

/// Rows sharing one set of columns.
struct OutputTable {
    /// The JSON key of this table inside a document, and its section title in a table.
    var key: String
    var title: String?
    var columns: [String]
    var rows: [OutputRecord]

    init(key: String, title: String? = nil, columns: [String], rows: [OutputRecord]) {
        self.key = key
        self.title = title
        self.columns = columns
        self.rows = rows
    }
}

/// What a command prints, independent of the format chosen.
///
/// - `listing`: one table; JSON is an array of objects, CSV its rows.
/// - `document`: top-level fields and named tables; JSON is one object, CSV its `csv` table when it
///   has one, else the first table (or the fields as one row when there is no table).
struct Presentation {
    enum Shape { case listing, document }

    var shape: Shape
    var fields: OutputRecord
    var tables: [OutputTable]
    /// Lines only a person reading a table needs ("3 lots", a hint); not part of JSON or CSV.
    var notes: [String]
    /// The one table CSV prints when the fields and several tables must all reach a spreadsheet.
    var csv: OutputTable?

    static func listing(_ table: OutputTable, notes: [String] = []) -> Presentation {
        Presentation(shape: .listing, fields: OutputRecord(), tables: [table], notes: notes)
    }

    static func document(_ fields: OutputRecord, tables: [OutputTable] = [], notes: [String] = []) -> Presentation {
        Presentation(shape: .document, fields: fields, tables: tables, notes: notes)
    }

    static func message(_ text: String, _ fields: OutputRecord = OutputRecord()) -> Presentation {
        Presentation(shape: .document, fields: fields, tables: [], notes: [text])
    }
}
