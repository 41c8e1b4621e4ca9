/// A product's code (`LIDO-1-MD`), matched case-insensitively and kept upper-case.
/// Letters, digits and `-`, 1 to 40 characters (`FieldText.code`).
public struct ProductCode: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        self.text = try FieldText.code(text, field: field, upperCase: true)
    }

    /// A code read from the database, where only checked codes are stored.
    init(stored text: String) {
        self.text = text
    }
}
