/// Free text such as a reason or a note: trimmed, 1 to 2000 characters unless said otherwise,
/// newlines allowed, no other control character (`FieldText.note`).
public struct Note: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        self.text = try FieldText.note(text, field: field)
    }

    /// A note held to `maxLength` characters (a session's cancellation: 1900).
    public init(_ text: String, field: Message, maxLength: Int) throws(MesoError) {
        self.text = try FieldText.note(text, field: field, maxLength: maxLength)
    }
}
