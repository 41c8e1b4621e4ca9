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

extension Compound.Role {
    public init(_ text: String, field: String) throws(MesoError) {
        guard let value = Self(rawValue: FieldText.trim(text).lowercased()) else {
            throw .invalid(field, "\(field) must be active or excipient.")
        }
        self = value
    }
}

extension Compound.Source {
    public init(_ text: String, field: String) throws(MesoError) {
        guard let value = Self(rawValue: FieldText.trim(text).lowercased()) else {
            throw .invalid(field, "\(field) must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        self = value
    }
}
