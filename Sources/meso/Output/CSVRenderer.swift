/// Renders a presentation's main table (its `csv` table, else its first) as RFC 4180 CSV with a
/// header of snake_case keys.
enum CSVRenderer {
    static func render(_ presentation: Presentation) -> String {
        let table: OutputTable
        if let csv = presentation.csv {
            table = csv
        } else if let first = presentation.tables.first {
            table = first
        } else {
            let fields = presentation.fields.fields.filter {
                if case .list = $0.value { return false }
                return true
            }
            table = OutputTable(key: "", columns: fields.map(\.key), rows: [OutputRecord(fields)])
        }
        return header(table.columns) + rows(table.rows, columns: table.columns)
    }

    static func header(_ columns: [String]) -> String {
        columns.map(field).joined(separator: ",") + "\r\n"
    }

    static func rows(_ rows: [OutputRecord], columns: [String]) -> String {
        var text = ""
        for row in rows {
            text += columns.map { field(cell(row[$0] ?? .null)) }.joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// Text that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `@SUM(...)`) is prefixed
    /// with an apostrophe: a recall list is opened in spreadsheets, and patient names and reasons are
    /// free text. Numbers are left alone, so "-1.000" stays a number.
    private static func cell(_ value: OutputValue) -> String {
        let text = value.plainText
        if case .text = value, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
            return "'" + text
        }
        return text
    }

    private static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) || text.hasPrefix(" ")
            || text.hasSuffix(" ")
        else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
