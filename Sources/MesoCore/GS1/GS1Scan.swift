/// One AI and its value as the input spells them, before the linters and the pairing rules.
struct GS1Field {
    let definition: GS1AIDefinition
    let value: [UInt8]
}

/// What scanners and people send, split into AIs and values: the bracketed form
/// `(01)09520107000013(17)271130(10)AB12C`, or the scanned one (AIs run together, a variable-length
/// value ended by GS, ASCII 29, or the end) after an optional symbology identifier and FNC1.
/// Leading and trailing spaces, tabs, CR and LF are trimmed; nothing else is forgiven.
enum GS1Scan {
    static let groupSeparator = UInt8(29)
    /// ISO/IEC 15424 identifiers of symbols carrying GS1 element strings: GS1-128, GS1 DataBar and
    /// composites, GS1 DataMatrix, GS1 QR Code, GS1 DotCode.
    static let elementStringIdentifiers = ["]C1", "]e0", "]d2", "]Q3", "]J1"]
    /// EAN/UPC carry a bare GTIN-13 (or GTIN-12 as 13 digits) or GTIN-8, read as AI (01).
    static let primaryIdentifiers = ["]E0": 13, "]E4": 8]

    static func fields(_ text: String, field: Message) throws(MesoError) -> [GS1Field] {
        var bytes = trimmed(Array(text.utf8))
        guard !bytes.isEmpty else { throw .invalid(field, "\(field) must not be empty.") }
        var primary: [GS1Field] = []
        if bytes[0] == UInt8(ascii: "]") {
            let identifier = String(decoding: bytes.prefix(3), as: UTF8.self)
            if let length = primaryIdentifiers[identifier] {
                primary = [try primaryGTIN(Array(bytes.dropFirst(3).prefix(length)), length: length, field: field)]
                bytes = Array(bytes.dropFirst(3 + length))
                guard !bytes.isEmpty else { return primary }
                let composite = Array("|]e0".utf8)
                guard bytes.starts(with: composite) else {
                    throw .invalid(field, "\(field) has more after its \(identifier) GTIN than a composite part (|]e0...).")
                }
                bytes.removeFirst(composite.count)
            } else {
                guard elementStringIdentifiers.contains(identifier) else {
                    let known = (elementStringIdentifiers + primaryIdentifiers.keys.sorted()).joined(separator: ", ")
                    throw .invalid(field, "\(field) starts with the symbology identifier \(GS1Text.visible(bytes.prefix(3))), which is not one of a GS1 code (\(known)).")
                }
                bytes.removeFirst(3)
            }
            try checkCharacters(bytes, bracketed: false, field: field)
            return primary + (try raw(bytes, field: field))
        }
        let bracketed = bytes[0] == UInt8(ascii: "(")
        try checkCharacters(bytes, bracketed: bracketed, field: field)
        return bracketed ? try GS1Bracketed.fields(bytes, field: field) : try raw(bytes, field: field)
    }

    /// Spaces, tabs, CR and LF at either end are what scanners and terminals add.
    static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        let blank: (UInt8) -> Bool = { $0 == 32 || $0 == 9 || $0 == 13 || $0 == 10 }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return [] }
        return Array(bytes[first...last])
    }

    /// Inside the string, only the scanned form's GS is a control character GS1 knows.
    static func checkCharacters(_ bytes: [UInt8], bracketed: Bool, field: Message) throws(MesoError) {
        for byte in bytes where byte < 32 || byte == 127 {
            if byte == groupSeparator && !bracketed { continue }
            throw .invalid(
                field, "\(field) holds the control character \(GS1Text.visible([byte])) inside the element string, which GS1 does not allow.")
        }
        if bytes.contains(32) {
            throw .invalid(field, "\(field) holds a space inside the element string, which GS1 does not allow.")
        }
    }

    static func primaryGTIN(_ digits: [UInt8], length: Int, field: Message) throws(MesoError) -> GS1Field {
        guard digits.count == length, digits.allSatisfy(GS1Linter.isDigit) else {
            throw .invalid(field, "\(field) must give \(length) digits after its EAN/UPC symbology identifier.")
        }
        return GS1Field(definition: GS1SyntaxDictionary.definition(of: "01")!, value: Array(repeating: UInt8(ascii: "0"), count: 14 - length) + digits)
    }

    /// AIs run together; a value ends after its predefined length, or at a GS or the end. A GS after
    /// a predefined-length value is redundant and skipped, and so is an empty one (a doubled GS).
    static func raw(_ bytes: [UInt8], field: Message) throws(MesoError) -> [GS1Field] {
        var fields: [GS1Field] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == groupSeparator {
                index += 1
                continue
            }
            let definition = try aiAt(bytes, index, field: field)
            let start = index + definition.ai.utf8.count
            let stop = bytes[start...].firstIndex(of: groupSeparator) ?? bytes.count
            var end = start
            for component in definition.components {
                let length = min(component.maximumLength, stop - end)
                if component.optional && length == 0 { continue }
                guard length >= component.minimumLength else {
                    throw GS1Text.tooShort(definition, count: stop - start, field: field)
                }
                end += length
            }
            if !definition.predefinedLength && end != stop {
                throw GS1Text.tooLong(definition, count: stop - start, scanned: true, field: field)
            }
            fields.append(GS1Field(definition: definition, value: Array(bytes[start..<end])))
            index = end
        }
        guard !fields.isEmpty else { throw .invalid(field, "\(field) holds no element string, only separators.") }
        return fields
    }

    /// The AI that starts at `index`, its length known from its first two digits.
    static func aiAt(_ bytes: [UInt8], _ index: Int, field: Message) throws(MesoError) -> GS1AIDefinition {
        guard index + 2 <= bytes.count, GS1Linter.isDigit(bytes[index]), GS1Linter.isDigit(bytes[index + 1]) else {
            throw .invalid(
                field, "\(field) has \"\(GS1Text.visible(bytes[index...].prefix(4)))\" where an application identifier (two to four digits) should start.")
        }
        guard let length = GS1SyntaxDictionary.aiLength(prefix: bytes[index], bytes[index + 1]) else {
            throw GS1Text.unknownAI(String(decoding: bytes[index..<(index + 2)], as: UTF8.self) + "…", field: field)
        }
        let digits = bytes[index...].prefix(length)
        guard digits.count == length, digits.allSatisfy(GS1Linter.isDigit),
            let definition = GS1SyntaxDictionary.definition(of: String(decoding: digits, as: UTF8.self))
        else {
            throw GS1Text.unknownAI(GS1Text.visible(digits) + (digits.count < length ? "…" : ""), field: field)
        }
        return definition
    }
}
