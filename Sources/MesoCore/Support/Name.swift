/// A name or label people type (a patient's name, a supplier, an area of the body): trimmed, 1 to
/// 200 characters, no control character (`FieldText.name`).
public struct Name: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        self.text = try FieldText.name(text, field: field)
    }
}
