import PostgresClient

/// A valid GS1 element string, whatever AIs it carries: every element with its decoded value, and
/// the string in canonical form. Built from GS1's Syntax Dictionary (every AI it defines, each
/// component's length, character set and linters) and its pairing rules; anything malformed is
/// refused with one sentence naming the AI and the fault.
///
/// It does not ask for any AI: `GS1ElementString` adds what meso needs to receive a pack.
public struct GS1Message: Sendable, Hashable {
    /// Every element in the order the label gives them; an AI repeated with the same value (which
    /// GS1 allows) appears once.
    public let elements: [GS1Element]
    /// Whether each element's AI has a predefined length (no GS after it).
    let predefinedLength: [Bool]

    /// Reads `text` (bracketed, or scanned with its symbology identifier, FNC1 and GS separators);
    /// `today` places two-digit years in their century; `field` names the option in messages.
    /// `requisites: false` reads a fragment of a label without asking for the AIs its AIs require,
    /// as GS1's engine does with that validation off (exclusions and repeats are still refused).
    public init(parsing text: String, today: CalendarDate, field: Message = "\(.gs1)", requisites: Bool = true) throws(MesoError) {
        try self.init(parsing: text, today: today, field: field, requisites: requisites, needing: [])
    }

    /// As above; a label without one of the `needing` AIs is refused for that first, before GS1's
    /// pairing rules ("has no GTIN (01)" says more to a pharmacist than what (17) requires).
    init(parsing text: String, today: CalendarDate, field: Message, requisites: Bool, needing: [(ai: String, refusal: MesoError)])
        throws(MesoError)
    {
        let fields = try GS1Scan.fields(text, field: field)
        for item in fields { try Self.lint(item, today: today, field: field) }
        for (ai, refusal) in needing where !fields.contains(where: { $0.definition.ai == ai }) { throw refusal }
        try GS1Associations.check(fields, requisites: requisites, field: field)
        var seen = Set<String>()
        let distinct = fields.filter { seen.insert($0.definition.ai).inserted }
        self.elements = distinct.map { GS1Decoding.element($0, today: today) }
        self.predefinedLength = distinct.map(\.definition.predefinedLength)
    }

    /// Each component against its character set and the linters the dictionary names for it.
    static func lint(_ item: GS1Field, today: CalendarDate, field: Message) throws(MesoError) {
        for (component, part) in GS1Decoding.components(item) {
            let bytes = Array(part)
            for linter in [component.characterSet.linter] + component.linters {
                if let fault = linter.fault(in: bytes, today: today) {
                    throw GS1Text.lint(item.definition, value: item.value, part: part, fault: fault, field: field)
                }
            }
        }
    }

    /// The element with this AI, if the label carries it.
    public func element(_ ai: String) -> GS1Element? { elements.first { $0.ai == ai } }

    /// The human-readable form: `(01)09520107000013(17)271130(10)AB12C`, a "(" inside a value
    /// written `\(`.
    public var bracketed: String {
        elements.map { "(\($0.ai))" + GS1Bracketed.escaped($0.value) }.joined()
    }

    /// The element string as a GS1 symbol encodes it, without symbology identifier or leading FNC1:
    /// AIs and values run together, a GS (U+001D) after each value whose length is not predefined,
    /// except the last.
    public var unbracketed: String {
        var text = ""
        for (index, element) in elements.enumerated() {
            text += element.ai + element.value
            if !predefinedLength[index] && index < elements.count - 1 { text += "\u{1D}" }
        }
        return text
    }
}
