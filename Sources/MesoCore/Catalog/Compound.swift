/// A substance a product contains, active or excipient: what the allergy check matches.
public struct Compound: Sendable, Hashable {
    /// Whether the compound is there for its effect or to carry, preserve or stabilise.
    public enum Role: String, Sendable, CaseIterable {
        case active, excipient
    }

    /// Where the compound comes from: animal sources are what the protein allergen groups catch.
    public enum Source: String, Sendable, CaseIterable {
        case synthetic
        case bacterialFermentation = "bacterial-fermentation"
        case avian, bovine, fish, plant, mineral
    }

    public let code: String
    public let name: String
    public let compoundClass: CompoundClass
    public let role: Role
    public let source: Source
    /// Codes of the allergen groups it belongs to.
    public let allergenGroups: [String]

    public init(
        code: String, name: String, compoundClass: CompoundClass, role: Role, source: Source, allergenGroups: [String]
    ) {
        self.code = code
        self.name = name
        self.compoundClass = compoundClass
        self.role = role
        self.source = source
        self.allergenGroups = allergenGroups
    }
}

extension Compound.Source {
    /// The protein allergen group of an animal source: a patient allergic to fish protein reacts to
    /// any fish-derived compound, whether or not the catalog lists it as a member of the group.
    public var proteinGroup: String? {
        switch self {
        case .avian: return "avian-protein"
        case .fish: return "fish-protein"
        case .bovine: return "bovine-protein"
        case .synthetic, .bacterialFermentation, .plant, .mineral: return nil
        }
    }

    /// Every allergen group an animal source implies.
    public static var proteinGroups: Set<String> { Set(allCases.compactMap(\.proteinGroup)) }
}
