/// A compound as the allergy check sees it: what it is, whether it is an excipient, where it comes
/// from, and the allergen groups (class links) it belongs to.
public struct CompoundProfile: Sendable, Hashable {
    public let code: String
    public let name: String
    /// `active` or `excipient` (checked by the schema).
    public let role: String
    /// `synthetic`, `bacterial-fermentation`, `avian`, `bovine`, `fish`, `plant` or `mineral`.
    public let source: String
    /// Allergen group codes this compound is a member of.
    public let groups: [String]

    public init(code: String, name: String, role: String = "active", source: String = "synthetic", groups: [String] = []) {
        self.code = code
        self.name = name
        self.role = role
        self.source = source
        self.groups = groups
    }

    public var isExcipient: Bool { role == "excipient" }

    /// The protein allergen group of an animal source: a patient allergic to fish protein reacts to
    /// any fish-derived compound, whether or not the catalog lists it as a member of the group.
    public static let proteinGroupBySource: [String: String] = [
        "avian": "avian-protein", "fish": "fish-protein", "bovine": "bovine-protein",
    ]

    /// The protein group this compound's animal source implies, if any.
    public var sourceProteinGroup: String? { Self.proteinGroupBySource[source] }

    /// Listed groups plus the protein group of an animal source.
    public var allergenGroups: Set<String> {
        var all = Set(groups)
        if let group = sourceProteinGroup { all.insert(group) }
        return all
    }
}
