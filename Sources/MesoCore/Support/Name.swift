/// A name or label people type (a patient's name, a supplier, an area of the body): trimmed, 1 to
/// 200 characters unless said otherwise, no control character (`FieldText.name`).
public struct Name: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        self.text = try FieldText.name(text, field: field)
    }

    /// A name held to `maxLength` characters (a substance, an actor: 100).
    public init(_ text: String, field: Message, maxLength: Int) throws(MesoError) {
        self.text = try FieldText.name(text, field: field, maxLength: maxLength)
    }
}
