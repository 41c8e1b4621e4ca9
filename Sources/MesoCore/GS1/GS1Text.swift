/// The sentences a GS1 label is refused with: each names the AI and the fault in plain words, shows
/// a GS as `<GS>` (never an invisible byte) and echoes no more than the faulty field.
enum GS1Text {
    /// Printable ASCII as is; GS as <GS>; any other control character as <U+XXXX>.
    static func visible(_ bytes: some Sequence<UInt8>) -> String {
        let text = String(decoding: Array(bytes), as: UTF8.self)
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value == 29 {
                out += "<GS>"
            } else if scalar.value < 32 || scalar.value == 127 || (0x80..<0xA0).contains(scalar.value) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "<U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)>"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// "GTIN (01)" for what meso reads, "AI (3103) NET WEIGHT (kg)" (the dictionary's title) otherwise.
    static func label(_ definition: GS1AIDefinition) -> String {
        switch definition.ai {
        case "01": return "GTIN (01)"
        case "17": return "expiry (17)"
        case "10": return "lot (10)"
        case "21": return "serial number (21)"
        default: return definition.title.isEmpty ? "AI (\(definition.ai))" : "AI (\(definition.ai)) \(definition.title)"
        }
    }

    /// "exactly 14 digits", "1 to 20 characters", "6 or 12 digits".
    static func allowedLengths(_ definition: GS1AIDefinition) -> String {
        let unit = definition.components.allSatisfy({ $0.characterSet == .numeric }) ? "digits" : "characters"
        let components = definition.components
        if let last = components.last, last.minimumLength != last.maximumLength {
            let low = definition.minimumLength
            return low == definition.maximumLength ? "exactly \(low) \(unit)" : "\(low) to \(definition.maximumLength) \(unit)"
        }
        var totals: [Int] = []
        var sum = 0
        for (index, component) in components.enumerated() {
            sum += component.maximumLength
            if index == components.count - 1 || components[index + 1].optional { totals.append(sum) }
        }
        if totals.count == 1 { return "exactly \(totals[0]) \(unit)" }
        let list = totals.dropLast().map(String.init).joined(separator: ", ")
        return "\(list) or \(totals.last!) \(unit)"
    }

    static func tooShort(_ definition: GS1AIDefinition, count: Int, field: Message) -> MesoError {
        if count == 0 { return .invalid(field, "\(field) has an empty \(label(definition)).") }
        return .invalid(
            field, "\(field) is truncated: the \(label(definition)) needs \(allowedLengths(definition)) and has \(count).")
    }

    static func tooLong(_ definition: GS1AIDefinition, count: Int, scanned: Bool, field: Message) -> MesoError {
        let hint = scanned && !definition.predefinedLength ? " (or the GS, ASCII 29, that should end it is missing)" : ""
        if let last = definition.components.last, last.minimumLength != last.maximumLength {
            return .invalid(field, "\(field) has a \(label(definition)) longer than \(definition.maximumLength) characters\(hint).")
        }
        return .invalid(
            field, "\(field) has \(count) characters in the \(label(definition)), which takes \(allowedLengths(definition))\(hint).")
    }

    static func unknownAI(_ ai: String, field: Message) -> MesoError {
        .invalid(field, "\(field) holds the application identifier (\(ai)), which GS1 does not define: nothing after it can be read.")
    }

    /// "Field.gs1: the GTIN (01) 09520107000014 has a wrong check digit: it should be 3."
    static func lint(_ definition: GS1AIDefinition, value: [UInt8], part: ArraySlice<UInt8>, fault: GS1LintFault, field: Message)
        -> MesoError
    {
        let whole = part.count == value.count ? "" : ": its part \(visible(part))"
        return .invalid(field, "\(field): the \(label(definition)) \(visible(value))\(whole) \(fault.problem).")
    }

    /// "(01)", "(01) with (21)", "(31nn)" joined with "or".
    static func alternatives(_ groups: [[String]]) -> String {
        let names = groups.map { $0.map { "(\($0))" }.joined(separator: " with ") }
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
