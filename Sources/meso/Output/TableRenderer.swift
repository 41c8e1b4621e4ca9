/// Renders a presentation as aligned columns for a person at a terminal.
enum TableRenderer {
    static func render(_ presentation: Presentation) -> String {
        var blocks: [String] = []
        if !presentation.fields.fields.isEmpty {
            blocks.append(renderFields(presentation.fields))
        }
        for table in presentation.tables {
            var block = ""
            if let title = table.title { block += title + "\n" }
            if table.rows.isEmpty {
                // A note ("The schema is up to date.") says more than an empty table.
                if !presentation.notes.isEmpty && table.title == nil { continue }
                block += "(none)\n"
            } else {
                block += renderRows(table)
            }
            blocks.append(block)
        }
        var text = blocks.joined(separator: "\n")
        for note in presentation.notes { text += note + "\n" }
        return text
    }

    /// Key-value lines. A field with no value (no override, not cancelled) is left out here, where a
    /// blank line only slows the reader; JSON and CSV keep every key so their shape never changes.
    private static func renderFields(_ record: OutputRecord) -> String {
        let shown = record.fields.filter { field in
            switch field.value {
            case .list, .null: return false
            default: return true
            }
        }
        let labels = shown.map { header($0.key) + ":" }
        let width = labels.map(DisplayWidth.of).max() ?? 0
        var text = ""
        for (label, field) in zip(labels, shown) {
            text += pad(label, to: width) + " " + cell(field.value) + "\n"
        }
        return text
    }

    private static func renderRows(_ table: OutputTable) -> String {
        let headers = table.columns.map(header)
        let cells = table.rows.map { row in table.columns.map { key in cell(row[key] ?? .null) } }
        var widths = headers.map(DisplayWidth.of)
        for row in cells {
            for (index, value) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(value)) }
        }
        let rightAligned = table.columns.map { key in
            table.rows.contains { row in
                switch row[key] {
                case .integer, .decimal: return true
                default: return false
                }
            }
        }
        func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (index, value) in values.enumerated() {
                let isLast = index == values.count - 1
                if rightAligned[index] {
                    parts.append(String(repeating: " ", count: widths[index] - DisplayWidth.of(value)) + value)
                } else {
                    parts.append(isLast ? value : pad(value, to: widths[index]))
                }
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
        return line(headers) + cells.map(line).joined()
    }

    /// Column header from a snake_case key: `lot_number` → `LOT NUMBER`.
    static func header(_ key: String) -> String {
        key.uppercased().replacing("_", with: " ")
    }

    /// One cell's text on one line. Right-to-left text is wrapped in Unicode isolates (invisible,
    /// zero width) so that a bidi terminal does not reorder the columns around it.
    private static func cell(_ value: OutputValue) -> String {
        let text = value.plainText.map { $0.isNewline ? " " : String($0) }.joined()
        return DisplayWidth.hasRightToLeft(text) ? "\u{2068}" + text + "\u{2069}" : text
    }

    private static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }
}
