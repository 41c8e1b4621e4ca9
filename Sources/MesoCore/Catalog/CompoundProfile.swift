/// A compound as the allergy check sees it: what it is, whether it is an excipient, where it comes
/// from, and the allergen groups (class links) it belongs to.
public struct CompoundProfile: Sendable, Hashable {
    public let code: String
    public let name: String
    public let role: Compound.Role
    public let source: Compound.Source
    /// Allergen group codes this compound is a member of.
    public let groups: [String]

    public init(
        code: String, name: String, role: Compound.Role = .active, source: Compound.Source = .synthetic,
        groups: [String] = []
    ) {
        self.code = code
        self.name = name
        self.role = role
        self.source = source
        self.groups = groups
    }

    public var isExcipient: Bool { role == .excipient }

    /// The protein group this compound's animal source implies, if any.
    public var sourceProteinGroup: String? { source.proteinGroup }

    /// Listed groups plus the protein group of an animal source.
    public var allergenGroups: Set<String> {
        var all = Set(groups)
        if let group = sourceProteinGroup { all.insert(group) }
        return all
    }
}
