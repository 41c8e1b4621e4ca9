#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The unit of an ingredient's strength per mL of product, and so of the amount it delivers.
public enum StrengthUnit: String, Sendable, Hashable, CaseIterable, Codable {
    case mg
    case ug
    /// International units measure activity, not mass: they never convert to mg.
    case IU

    /// The amount in mg, or nil for IU.
    public func milligrams(_ amount: Decimal) -> Decimal? {
        switch self {
        case .mg: return amount
        case .ug: return amount / 1000
        case .IU: return nil
        }
    }
}
