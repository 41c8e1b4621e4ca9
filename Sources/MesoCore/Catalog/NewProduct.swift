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

    /// The in-use period of a preserved multi-dose vial unless its label says otherwise (USP <797>,
    /// CDC injection-safety guidance).
    public static let defaultInUseDays = 28

    /// The longest in-use period accepted: a year is already far beyond any label.
    public static let longestInUseDays = 365

    /// - Parameter inUseDays: `Field.inUseDays`, for a multi-dose product only (default 28).
    public init(
        code: String, name: String, vialML: String, singleUse: Bool, inUseDays: String? = nil, gtin: String?,
        reorderML: String?, ingredients: [String]
    ) throws(MesoError) {
        self.code = try FieldText.code(code, field: "CODE", upperCase: true)
        self.name = try FieldText.name(name, field: "\(.name)")
        self.vialML = try FieldText.decimal(vialML, field: "\(.vialMl)", unit: "mL", maximum: 1000)
        self.singleUse = singleUse
        if singleUse {
            guard inUseDays == nil else {
                throw .invalid(
                    "\(.inUseDays)",
                    "\(.inUseDays) is for a multi-dose product (\(.multiDose)): a single-use vial is never drawn again once opened.")
            }
            self.inUseDays = nil
        } else {
            self.inUseDays = try inUseDays.map { text throws(MesoError) in
                try FieldText.integer(text, field: "\(.inUseDays)", in: 1...Self.longestInUseDays)
            } ?? Self.defaultInUseDays
        }
        self.gtin = try gtin.map { text throws(MesoError) in try GTIN(text, field: "\(.gtin)") }
        self.reorderML = try reorderML.map { text throws(MesoError) in
            try FieldText.decimal(text, field: "\(.reorderMl)", unit: "mL", maximum: 1_000_000, allowZero: true)
        } ?? 0
        guard !ingredients.isEmpty else {
            throw .invalid("\(.ingredient)", "\(.ingredient) is required: a product lists what it contains, such as lidocaine:10mg/mL.")
        }
        var parsed: [Ingredient] = []
        for text in ingredients {
            let ingredient = try Ingredient(text)
            guard !parsed.contains(where: { $0.compoundCode == ingredient.compoundCode }) else {
                throw .invalid("\(.ingredient)", "\(.ingredient) names \(ingredient.compoundCode) twice.")
            }
            parsed.append(ingredient)
        }
        self.ingredients = parsed
    }
}
