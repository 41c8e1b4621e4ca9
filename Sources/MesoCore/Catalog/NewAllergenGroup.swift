/// An allergen group to add to the catalog.
public struct NewAllergenGroup: Sendable, Hashable {
    public let code: String
    public let name: String
    public let note: String?

    public init(code: AllergenGroupCode, name: Name, note: Note?) {
        self.code = code.text
        self.name = name.text
        self.note = note?.text
    }
}
