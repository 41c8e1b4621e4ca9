#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A product to add to the catalog, checked before anything is written.
public struct NewProduct: Sendable, Hashable {
    /// One `Field.ingredient COMPOUND:AMOUNT[mg|ug|IU]/mL`.
    public struct Ingredient: Sendable, Hashable {
        public let compoundCode: String
        public let strength: Strength

        /// Reads `lidocaine:10mg/mL`, `cyanocobalamin:1000 µg/mL`, `retinol:3300IU/mL`.
        public init(_ text: String, field: Message = "\(.ingredient)") throws(MesoError) {
            let example = "such as lidocaine:10mg/mL (mg, ug or IU per mL)"
            guard let pair = try FieldText.codePair(text, field: field, upperCase: false) else {
                throw .invalid(field, "\(field) \(text) must be written COMPOUND:AMOUNT UNIT/mL, \(example).")
            }
            self.compoundCode = pair.code
            var rest = Substring(FieldText.trim(pair.value))
            guard rest.lowercased().hasSuffix("/ml") else {
                throw .invalid(field, "\(field) \(text) must give the strength per mL, \(example).")
            }
            rest = rest.dropLast(3)
            let number = rest.prefix { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+") }
            let unitText = FieldText.trim(String(rest.dropFirst(number.count)))
            guard let unit = StrengthUnit(written: unitText) else {
                let shown = unitText.isEmpty ? "no unit" : "the unit \(unitText)"
                throw .invalid(field, "\(field) \(text) has \(shown); a strength is in mg, ug (µg) or IU per mL.")
            }
            let amount = try FieldText.decimal(
                String(number), field: field, unit: "\(unit.rawValue)/mL", maxDecimals: 4, maximum: 1_000_000)
            self.strength = Strength(amount: amount, unit: unit)
        }
    }

    public let code: String
    public let name: String
    public let vialML: Decimal
    public let singleUse: Bool
    /// Days a punctured multi-dose vial may be drawn from; nil for a single-use product.
    public let inUseDays: Int?
    public let gtin: GTIN?
    public let reorderML: Decimal
    public let ingredients: [Ingredient]

    /// Checks what relates the values: at least one ingredient, each compound once.
    public init(
        code: ProductCode, name: Name, vialML: Millilitres, use: VialUse, gtin: GTIN?, reorderML: Millilitres?,
        ingredients: [Ingredient]
    ) throws(MesoError) {
        self.code = code.text
        self.name = name.text
        self.vialML = vialML.value
        self.singleUse = use.singleUse
        self.inUseDays = use.inUseDays
        self.gtin = gtin
        self.reorderML = reorderML?.value ?? 0
        guard !ingredients.isEmpty else {
            throw .invalid("\(.ingredient)", "\(.ingredient) is required: a product lists what it contains, such as lidocaine:10mg/mL.")
        }
        for (index, ingredient) in ingredients.enumerated()
        where ingredients[..<index].contains(where: { $0.compoundCode == ingredient.compoundCode }) {
            throw .invalid("\(.ingredient)", "\(.ingredient) names \(ingredient.compoundCode) twice.")
        }
        self.ingredients = ingredients
    }

    /// The largest vial a product may have, in mL.
    public static let largestVialML: Decimal = 1000

    /// The highest reorder level, in mL.
    public static let largestReorderML: Decimal = 1_000_000
}
