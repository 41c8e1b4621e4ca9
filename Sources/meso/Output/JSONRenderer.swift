/// Renders a presentation as JSON: snake_case keys in the order the command gave them,
/// quantities as decimal strings, dates as `YYYY-MM-DD`, times as ISO 8601.
enum JSONRenderer {
    static func render(_ presentation: Presentation) -> String {
        switch presentation.shape {
        case .listing:
            let rows = presentation.tables.first?.rows ?? []
            return encode(.list(rows.map(OutputValue.record))) + "\n"
        case .document:
            var record = presentation.fields
            for table in presentation.tables {
                record.append(table.key, .list(table.rows.map(OutputValue.record)))
            }
            return encode(.record(record)) + "\n"
        }
    }

    static func encode(_ value: OutputValue) -> String {
        switch value {
        case .text(let text): return quote(text)
        case .integer(let number): return String(number)
        case .decimal: return quote(value.plainText)
        case .boolean(let flag): return flag ? "true" : "false"
        case .date, .time: return quote(value.plainText)
        case .null: return "null"
        case .list(let values): return "[" + values.map(encode).joined(separator: ",") + "]"
        case .record(let record):
            return "{" + record.fields.map { quote($0.key) + ":" + encode($0.value) }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
