#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The unit of an ingredient's strength per mL of product, and so of the amount it delivers.
/// µg is stored as `ug` (ASCII, as the schema does).
public enum StrengthUnit: String, Sendable, Hashable, CaseIterable, Codable {
    case mg
    case ug
    /// International units measure activity, not mass: they never convert to mg.
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

    /// The amount in mg, or nil for IU.
    public func milligrams(_ amount: Decimal) -> Decimal? {
        switch self {
        case .mg: return amount
        case .ug: return amount / 1000
        case .iu: return nil
        }
    }
}
