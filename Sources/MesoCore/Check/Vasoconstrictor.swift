#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// When a local anaesthetic's higher with-vasoconstrictor limit applies: the product that carries
/// the anaesthetic also carries epinephrine at a vasoconstrictive strength. 1:200,000 (5 µg/mL) is
/// the weakest strength used for that (catalog facts: 1:200,000 to 1:100,000); a trace, or
/// epinephrine in another product of the cocktail, slows nothing at the anaesthetic's site.
public enum Vasoconstrictor {
    /// The catalog's compound code for epinephrine (adrenaline).
    public static let epinephrine = "epinephrine"
    /// The least epinephrine per mL of the same product that raises the limit: 1:200,000.
    public static let minimumEpinephrineUGPerML: Decimal = 5

    /// Whether a product carrying this much epinephrine per mL (in µg) is a solution with a vasoconstrictor.
    public static func constricts(epinephrineUGPerML: Decimal) -> Bool {
        epinephrineUGPerML >= minimumEpinephrineUGPerML
    }

    /// The epinephrine per mL, in µg, among a product's ingredients (0 when it has none).
    static func epinephrineUGPerML(of product: String, in ingredients: [FormulaIngredient]) -> Decimal {
        guard
            let ingredient = ingredients.first(where: { $0.productCode == product && $0.compound.code == epinephrine })
        else { return 0 }
        switch ingredient.unit {
        case .mg: return ingredient.amountPerML * 1000
        case .ug: return ingredient.amountPerML
        case .iu: return 0
        }
    }
}
