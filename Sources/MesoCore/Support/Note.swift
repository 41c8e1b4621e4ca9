/// Free text such as a reason or a note: trimmed, 1 to 2000 characters, newlines allowed, no other
/// control character (`FieldText.note`).
public struct Note: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        self.text = try FieldText.note(text, field: field)
    }
}
