/// The rules that hold between a label's AIs, as gs1-syntax-engine applies them: `ex` (AIs that may
/// not appear together), `req` (AIs that need others), a repeated AI only with the same value (the
/// data of several symbols on one item may repeat an AI), and a digital signature (8030) only over
/// a serialised key.
enum GS1Associations {
    static func check(_ fields: [GS1Field], requisites: Bool, field: Message) throws(MesoError) {
        let present = Set(fields.map(\.definition.ai))
        func exists(_ pattern: String, besides ai: String) -> Bool {
            present.contains { $0 != ai && GS1AIDefinition.matches($0, pattern: pattern) }
        }
        for item in fields {
            let definition = item.definition
            for pattern in definition.exclusions where exists(pattern, besides: definition.ai) {
                let other = present.sorted().first { $0 != definition.ai && GS1AIDefinition.matches($0, pattern: pattern) }!
                throw .invalid(
                    field,
                    "\(field) holds both the \(GS1Text.label(definition)) and the \(GS1Text.label(GS1SyntaxDictionary.definition(of: other)!)), which GS1 does not allow on one item.")
            }
        }
        for item in fields where requisites {
            let definition = item.definition
            for alternatives in definition.requirements
            where !alternatives.contains(where: { group in group.allSatisfy { exists($0, besides: definition.ai) } }) {
                throw .invalid(
                    field,
                    "\(field) holds the \(GS1Text.label(definition)) without what GS1 requires with it: \(GS1Text.alternatives(alternatives)).")
            }
        }
        var seen: [String: [UInt8]] = [:]
        for item in fields {
            if let earlier = seen[item.definition.ai], earlier != item.value {
                throw .invalid(
                    field,
                    "\(field) holds the \(GS1Text.label(item.definition)) more than once, with different values (\(GS1Text.visible(earlier)) and \(GS1Text.visible(item.value))).")
            }
            seen[item.definition.ai] = item.value
        }
        if present.contains("8030") {
            for item in fields where ["253", "255", "8003"].contains(item.definition.ai) && item.value.count == item.definition.minimumLength {
                throw .invalid(
                    field,
                    "\(field) holds a digital signature (8030) over the \(GS1Text.label(item.definition)) without its serial component, which GS1 requires.")
            }
        }
    }
}
