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
        code: String, name: String, class compoundClass: String, role: String?, source: String?, groups: [String],
        codings codingTexts: [String] = []
    ) throws(MesoError) {
        self.code = try FieldText.code(code, field: "CODE", upperCase: false)
        self.name = try FieldText.name(name, field: "\(.name)")
        self.compoundClass = try FieldText.choice(compoundClass, field: "\(.compoundClass)")
        self.role = try role.map { text throws(MesoError) in try FieldText.choice(text, field: "\(.role)") }
            ?? (self.compoundClass == .excipient ? .excipient : .active)
        self.source = try source.map { text throws(MesoError) in try FieldText.choice(text, field: "\(.source)") }
            ?? .synthetic
        var codes: [String] = []
        for group in groups {
            let code = try FieldText.code(group, field: "\(.group)", upperCase: false)
            if !codes.contains(code) { codes.append(code) }
        }
        self.groups = codes
        var codings: [CompoundCoding] = []
        for text in codingTexts {
            let coding = try CompoundCoding(text, field: "\(.code)")
            if !codings.contains(coding) { codings.append(coding) }
        }
        self.codings = codings
    }
}
