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
        var layout = RowLayout(columns: table.columns)
        return layout.render(table.rows, header: true)
    }

    /// Column widths and alignment, widened by each batch of rows rendered through it: a listing
    /// printed batch by batch (`ListingStream`) keeps its columns aligned with what came before.
    struct RowLayout {
        let columns: [String]
        private var widths: [Int]
        private var rightAligned: [Bool]

        init(columns: [String]) {
            self.columns = columns
            widths = columns.map { DisplayWidth.of(TableRenderer.header($0)) }
            rightAligned = columns.map { _ in false }
        }

        /// The rows as aligned lines, after the header line when `header`.
        mutating func render(_ rows: [OutputRecord], header: Bool) -> String {
            let cells = rows.map { row in columns.map { key in TableRenderer.cell(row[key] ?? .null) } }
            for row in cells {
                for (index, value) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(value)) }
            }
            for (index, key) in columns.enumerated() where !rightAligned[index] {
                rightAligned[index] = rows.contains { row in
                    switch row[key] {
                    case .integer, .decimal: return true
                    default: return false
                    }
                }
            }
            let lines = cells.map(line).joined()
            return header ? line(columns.map(TableRenderer.header)) + lines : lines
        }

        private func line(_ values: [String]) -> String {
            var parts: [String] = []
            for (index, value) in values.enumerated() {
                let isLast = index == values.count - 1
                if rightAligned[index] {
                    parts.append(String(repeating: " ", count: widths[index] - DisplayWidth.of(value)) + value)
                } else {
                    parts.append(isLast ? value : TableRenderer.pad(value, to: widths[index]))
                }
            }
            var text = parts.joined(separator: "  ")
            while text.last == " " { text.removeLast() }
            return text + "\n"
        }
    }

    /// Column header from a snake_case key: `lot_number` → `LOT NUMBER`.
    static func header(_ key: String) -> String {
        key.uppercased().replacing("_", with: " ")
    }

    /// One cell's text on one line. Right-to-left text is wrapped in Unicode isolates (invisible,
    /// zero width) so that a bidi terminal does not reorder the columns around it.
    fileprivate static func cell(_ value: OutputValue) -> String {
        let text = value.plainText.map { $0.isNewline ? " " : String($0) }.joined()
        return DisplayWidth.hasRightToLeft(text) ? "\u{2068}" + text + "\u{2069}" : text
    }

    fileprivate static func pad(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - DisplayWidth.of(text)))
    }
}
