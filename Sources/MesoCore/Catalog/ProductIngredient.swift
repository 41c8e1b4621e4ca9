/// One compound of a product and its strength.
public struct ProductIngredient: Sendable, Hashable {
    public let compoundCode: String
    public let compoundName: String
    public let role: Compound.Role
    public let strength: Strength
}
