import ArgumentParser
import MesoCore

/// An option that takes one of an enumeration's words: `--help` lists them and shell completion
/// offers them, while the word is checked only when the request is built, so that a wrong one is
/// refused as every bad value is (exit 65, one sentence naming the option and the words allowed).
struct Choice<Value: RawRepresentable & CaseIterable>: ExpressibleByArgument, ExpressibleByStringLiteral
where Value.RawValue == String {
    /// The word as typed.
    let text: String

    init(argument: String) { text = argument }
    init(stringLiteral value: String) { text = value }

    /// The word as MesoCore reads it; a wrong one is refused naming `field`.
    func value(_ field: Field) throws(MesoError) -> Value {
        try FieldText.choice(text, field: "\(field)")
    }

    static var allValueStrings: [String] { Value.allCases.map(\.rawValue) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
    var defaultValueDescription: String { text }
}
