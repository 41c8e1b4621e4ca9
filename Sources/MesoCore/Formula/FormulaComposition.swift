/// A formula version with every ingredient of its products: what `formula show` prints and
/// what the pre-session check reads.
public struct FormulaComposition: Sendable, Hashable {
    public let formula: FormulaVersion
    /// Ingredients of the formula's products, in component order.
    public let ingredients: [FormulaIngredient]

    public init(formula: FormulaVersion, ingredients: [FormulaIngredient]) {
        self.formula = formula
        self.ingredients = ingredients
    }

    /// The compound totals one session delivers.
    public var totals: [CompoundTotal] {
        CompoundTotal.totals(components: formula.components, ingredients: ingredients)
    }
}
