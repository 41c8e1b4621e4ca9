/// A formula's code (`REVIT-FACE`), matched case-insensitively and kept upper-case.
/// Letters, digits and `-`, 1 to 40 characters (`FieldText.code`).
public struct FormulaCode: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        self.text = try FieldText.code(text, field: field, upperCase: true)
    }
}
