/// An allergen group to add to the catalog.
public struct NewAllergenGroup: Sendable, Hashable {
    public let code: String
    public let name: String
    public let note: String?

    public init(code: String, name: String, note: String?) throws(MesoError) {
        self.code = try FieldText.code(code, field: "GROUP", upperCase: false)
        self.name = try FieldText.name(name, field: "\(.name)")
        self.note = try note.map { text throws(MesoError) in try FieldText.note(text, field: "\(.note)") }
    }
}
