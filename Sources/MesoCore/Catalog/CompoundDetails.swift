/// A compound with the allergen groups it belongs to, the products that contain it and its dose
/// limits on file.
public struct CompoundDetails: Sendable, Hashable {
    public let compound: Compound
    public let groups: [AllergenGroup]
    public let products: [ProductStrength]
    public let limits: [CompoundLimit]
    /// Its codes in public systems, by system then code.
    public let codings: [CompoundCoding]
}
