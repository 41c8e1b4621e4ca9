#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An amount per mL of product: 10 mg/mL of lidocaine, 1000 µg/mL of cyanocobalamin.
public struct Strength: Sendable, Hashable, CustomStringConvertible {
    public let amount: Decimal
    public let unit: StrengthUnit

    public init(amount: Decimal, unit: StrengthUnit) {
        self.amount = amount
        self.unit = unit
    }

    public var description: String { "\(amount) \(unit.rawValue)/mL" }
}
