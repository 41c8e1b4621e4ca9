#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A volume in mL, exact: written with '.' (never a locale's comma), at most three decimals,
/// more than zero (or zero, where a count may find a lot empty) and at most a bound that depends
/// on what it measures.
public struct Millilitres: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: Decimal

    /// - Parameter maximum: the largest volume that can be meant (a vial, a delivery).
    /// - Parameter allowZero: whether none is a volume that can be meant (a count, a reorder level).
    public init(_ text: String, field: Message, maximum: Decimal, allowZero: Bool = false) throws(MesoError) {
        value = try FieldText.decimal(text, field: field, unit: "mL", maximum: maximum, allowZero: allowZero)
    }

    /// - Parameter maximum: the largest volume that can be meant (a vial, a delivery).
    /// - Parameter allowZero: whether none is a volume that can be meant (a count, a reorder level).
    public init(_ text: String, field: Field, maximum: Decimal, allowZero: Bool = false) throws(MesoError) {
        try self.init(text, field: "\(field)", maximum: maximum, allowZero: allowZero)
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }

    /// The volume in mL as a plain decimal number ("2.5").
    public var description: String { value.description }
}
