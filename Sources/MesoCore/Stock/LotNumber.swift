/// A lot number as printed: 1 to 20 printable ASCII characters, no spaces, kept exactly as
/// written (case matters: GS1 lot numbers are case-sensitive; a ':' may be part of it).
public struct LotNumber: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        let trimmed = FieldText.trim(text)
        guard (1...20).contains(trimmed.utf8.count), trimmed.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .invalid(field, "\(field) must be 1 to 20 printable ASCII characters without spaces, as printed on the vial.")
        }
        self.text = trimmed
    }

    /// A lot number read from the database, where only checked ones are stored.
    init(stored text: String) {
        self.text = text
    }
}
