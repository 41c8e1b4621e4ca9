/// An allergen group's code (`amide-anaesthetics`), matched case-insensitively and kept lower-case.
/// Letters, digits and `-`, 1 to 40 characters (`FieldText.code`).
public struct AllergenGroupCode: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        self.text = try FieldText.code(text, field: field, upperCase: false)
    }
}
