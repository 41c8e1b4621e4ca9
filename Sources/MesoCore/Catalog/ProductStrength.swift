/// How much of one compound a product holds per mL.
public struct ProductStrength: Sendable, Hashable {
    public let productCode: String
    public let productName: String
    public let strength: Strength
}
