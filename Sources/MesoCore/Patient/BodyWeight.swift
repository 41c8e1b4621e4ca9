#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A patient's weight in kg, exact: more than zero, up to 400 kg, one decimal (the dose limits in
/// mg per kg are judged on it).
public struct BodyWeight: TypedValue, Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let heaviestKG: Decimal = 400

    public let kilograms: Decimal

    public init(_ text: String, field: Message) throws(MesoError) {
        kilograms = try FieldText.decimal(text, field: field, unit: "kg", maxDecimals: 1, maximum: Self.heaviestKG)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.kilograms < rhs.kilograms }

    public var description: String { kilograms.description }
}
