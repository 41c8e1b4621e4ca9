#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// An amount per mL of product: 10 mg/mL of lidocaine, 1000 µg/mL of cyanocobalamin.
public struct Strength: Sendable, Hashable, CustomStringConvertible {
    /// The units a strength is written in, per mL. µg is stored as `ug` (ASCII, as the schema does).
    public enum Unit: String, Sendable, CaseIterable {
        case mg
        case ug
        case iu = "IU"

        /// mg, ug, µg (micro sign or Greek mu) and IU, in any letter case.
        public init?(written text: String) {
            switch text.lowercased() {
            case "mg": self = .mg
            case "ug", "\u{00B5}g", "\u{03BC}g": self = .ug
            case "iu": self = .iu
            default: return nil
            }
        }
    }

    public let amount: Decimal
    public let unit: Unit

    public init(amount: Decimal, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    public var description: String { "\(amount) \(unit.rawValue)/mL" }
}
