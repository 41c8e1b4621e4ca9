/// A compound to add to the catalog, checked before anything is written.
public struct NewCompound: Sendable, Hashable {
    public let code: String
    public let name: String
    public let compoundClass: CompoundClass
    public let role: Compound.Role
    public let source: Compound.Source
    /// Allergen groups it joins (codes, each once).
    public let groups: [String]
    /// Its codes in public systems (`Field.code SYSTEM|CODE`), each once.
    public let codings: [CompoundCoding]

    /// Role defaults to excipient for the excipient class and to active otherwise; source to synthetic.
    public init(
        code: CompoundCode, name: Name, class compoundClass: CompoundClass, role: Compound.Role?, source: Compound.Source?,
        groups: [AllergenGroupCode], codings: [CompoundCoding] = []
    ) {
        self.code = code.text
        self.name = name.text
        self.compoundClass = compoundClass
        self.role = role ?? (compoundClass == .excipient ? .excipient : .active)
        self.source = source ?? .synthetic
        var codes: [String] = []
        for group in groups where !codes.contains(group.text) { codes.append(group.text) }
        self.groups = codes
        var unique: [CompoundCoding] = []
        for coding in codings where !unique.contains(coding) { unique.append(coding) }
        self.codings = unique
    }
}
