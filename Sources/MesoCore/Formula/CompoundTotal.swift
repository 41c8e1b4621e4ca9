#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// How much of one compound a session of a formula delivers: volume × strength, summed over the
/// products that contain it.
public struct CompoundTotal: Sendable, Hashable {
    public let compound: CompoundProfile
    public let amount: Decimal
    public let unit: StrengthUnit
    /// The products the compound comes from, in component order.
    public let productCodes: [String]

    public init(compound: CompoundProfile, amount: Decimal, unit: StrengthUnit, productCodes: [String]) {
        self.compound = compound
        self.amount = amount
        self.unit = unit
        self.productCodes = productCodes
    }

    /// Totals per compound, in component order then ingredient order. A compound given in mg by one
    /// product and in µg by another is summed in mg; IU never mixes with a mass and stays apart.
    public static func totals(components: [FormulaComponent], ingredients: [FormulaIngredient]) -> [CompoundTotal] {
        struct Key: Hashable {
            let compound: String
            let isActivity: Bool
        }
        var order: [Key] = []
        var parts: [Key: [(ingredient: FormulaIngredient, amount: Decimal)]] = [:]
        for component in components {
            for ingredient in ingredients where ingredient.productCode == component.productCode {
                let key = Key(compound: ingredient.compound.code, isActivity: ingredient.unit == .iu)
                if parts[key] == nil { order.append(key) }
                parts[key, default: []].append((ingredient, component.volumeML * ingredient.amountPerML))
            }
        }
        return order.map { key in
            let entries = parts[key]!
            let units = Set(entries.map(\.ingredient.unit))
            let unit: StrengthUnit = units.count == 1 ? units.first! : .mg
            let amount = entries.reduce(Decimal(0)) { sum, entry in
                sum + (unit == entry.ingredient.unit ? entry.amount : entry.ingredient.unit.milligrams(entry.amount)!)
            }
            var products: [String] = []
            for entry in entries where !products.contains(entry.ingredient.productCode) {
                products.append(entry.ingredient.productCode)
            }
            return CompoundTotal(compound: entries[0].ingredient.compound, amount: amount, unit: unit, productCodes: products)
        }
    }

    /// The amount in mg, or nil when it is measured in IU.
    public var milligrams: Decimal? { unit.milligrams(amount) }
}
