/// A class link for the allergy check: an allergy to the group, or to one member, reaches every
/// member (amide local anaesthetics, parabens, cobalt, fish protein, ...).
public struct AllergenGroup: Sendable, Hashable {
    public let code: String
    public let name: String
    public let note: String?
    public let members: [Compound]

    public init(code: String, name: String, note: String?, members: [Compound]) {
        self.code = code
        self.name = name
        self.note = note
        self.members = members
    }
}
