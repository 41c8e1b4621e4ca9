/// A formula version with every ingredient of its products: what `formula show` prints and
/// what the pre-session check reads.
public struct FormulaComposition: Sendable, Hashable {
    public let formula: FormulaVersion
    /// Ingredients of the formula's products, in component order.
    public let ingredients: [FormulaIngredient]
    /// What changed from the version before (read by `formula show`; empty for version 1).
    public let changes: [FormulaChange]

    public init(formula: FormulaVersion, ingredients: [FormulaIngredient], changes: [FormulaChange] = []) {
        self.formula = formula
        self.ingredients = ingredients
        self.changes = changes
    }

    /// The compound totals one session delivers.
    public var totals: [CompoundTotal] {
        CompoundTotal.totals(components: formula.components, ingredients: ingredients)
    }

    func with(changes: [FormulaChange]) -> FormulaComposition {
        FormulaComposition(formula: formula, ingredients: ingredients, changes: changes)
    }
}
