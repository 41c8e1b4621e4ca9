/// A compound with the allergen groups it belongs to and the products that contain it.
public struct CompoundDetails: Sendable, Hashable {
    public let compound: Compound
    public let groups: [AllergenGroup]
    public let products: [ProductStrength]
    /// Its codes in public systems, by system then code.
    public let codings: [CompoundCoding]
}
