#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A vial, ampoule or syringe as bought.
public struct Product: Sendable, Hashable {
    public let code: String
    public let name: String
    public let gtin: String?
    public let vialML: Decimal
    /// A single-use vial is opened for one session; what the session does not inject is waste.
    public let singleUse: Bool
    /// Days a punctured multi-dose vial may be drawn from (its in-use period); nil for single-use.
    public let inUseDays: Int?
    /// Reorder when usable stock falls to this volume (0: not reordered).
    public let reorderML: Decimal
    public let ingredients: [ProductIngredient]
}
