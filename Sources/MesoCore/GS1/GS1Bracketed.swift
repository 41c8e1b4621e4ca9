/// The bracketed (human-readable) form, `(01)09520107000013(17)271130(10)AB12C`, read as GS1's
/// gs1-syntax-engine reads it: a value runs to the next "(", which always opens an AI; a "(" that
/// belongs to a value is written `\(`.
enum GS1Bracketed {
    static let open = UInt8(ascii: "(")
    static let close = UInt8(ascii: ")")
    static let backslash = UInt8(ascii: "\\")

    static func fields(_ bytes: [UInt8], field: Message) throws(MesoError) -> [GS1Field] {
        var fields: [GS1Field] = []
        var index = 0
        while index < bytes.count {
            let definition = try ai(bytes, at: index, field: field)
            var position = index + definition.ai.utf8.count + 2
            var value: [UInt8] = []
            while position < bytes.count && bytes[position] != open {
                if bytes[position] == backslash && position + 1 < bytes.count && bytes[position + 1] == open {
                    value.append(open)
                    position += 2
                } else {
                    value.append(bytes[position])
                    position += 1
                }
            }
            try checkLength(definition, value, field: field)
            fields.append(GS1Field(definition: definition, value: value))
            index = position
        }
        return fields
    }

    /// `(digits)` at `index`, naming an AI GS1 defines.
    static func ai(_ bytes: [UInt8], at index: Int, field: Message) throws(MesoError) -> GS1AIDefinition {
        let pairs = MesoError.invalid(field, "\(field) must be a list of (AI)value pairs such as (01)09520107000013(17)271130(10)AB12C.")
        guard bytes[index] == open, let end = bytes[(index + 1)...].prefix(6).firstIndex(of: close) else { throw pairs }
        let digits = bytes[(index + 1)..<end]
        guard (2...4).contains(digits.count), digits.allSatisfy(GS1Linter.isDigit) else { throw pairs }
        guard let definition = GS1SyntaxDictionary.definition(of: String(decoding: digits, as: UTF8.self)) else {
            throw GS1Text.unknownAI(String(decoding: digits, as: UTF8.self), field: field)
        }
        return definition
    }

    /// The whole value against the AI's lengths, then component by component (`N6 [N6]` takes 6 or 12).
    static func checkLength(_ definition: GS1AIDefinition, _ value: [UInt8], field: Message) throws(MesoError) {
        if value.count < definition.minimumLength { throw GS1Text.tooShort(definition, count: value.count, field: field) }
        if value.count > definition.maximumLength {
            throw GS1Text.tooLong(definition, count: value.count, scanned: false, field: field)
        }
        var remaining = value.count
        for component in definition.components {
            let length = min(component.maximumLength, remaining)
            if component.optional && length == 0 { continue }
            guard length >= component.minimumLength else { throw GS1Text.tooShort(definition, count: value.count, field: field) }
            remaining -= length
        }
    }

    /// The value as the bracketed form writes it: a "(" escaped as `\(`.
    static func escaped(_ value: String) -> String {
        value.contains("(") ? String(value.flatMap { $0 == "(" ? ["\\", "("] : [$0] }) : value
    }
}
