#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An amount of a compound in a dose limit, exact: mg per kg of body weight, or an absolute cap in
/// mg; more than zero, at most three decimals, and at most what a limit can mean.
public struct DoseAmount: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Decimal

    /// mg per kg of body weight (`Field.mgPerKg`): at most `NewCompoundLimit.maxMGPerKG`.
    public static func perKilogram(_ text: String, field: Field) throws(MesoError) -> DoseAmount {
        try DoseAmount(text, field: "\(field)", unit: "mg/kg", maximum: NewCompoundLimit.maxMGPerKG)
    }

    /// An absolute cap in mg (`Field.maxMg`): at most `NewCompoundLimit.maxCapMG`.
    public static func cap(_ text: String, field: Field) throws(MesoError) -> DoseAmount {
        try DoseAmount(text, field: "\(field)", unit: "mg", maximum: NewCompoundLimit.maxCapMG)
    }

    private init(_ text: String, field: Message, unit: String, maximum: Decimal) throws(MesoError) {
        value = try FieldText.decimal(text, field: field, unit: unit, maxDecimals: 3, maximum: maximum)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    public var description: String { value.description }
}
