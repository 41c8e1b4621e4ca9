/// A whole number typed as text and checked once against the range its input allows (a count of
/// vials, an interval in days, a record's ID): it prints and orders as the number.
public protocol CheckedNumber: TypedValue, Sendable, Hashable, Comparable, CustomStringConvertible {
    associatedtype Number: BinaryInteger
    var value: Number { get }
}

extension CheckedNumber {
    public var description: String { String(value) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}
