#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A compound in one product of a formula, with its strength per mL of that product.
public struct FormulaIngredient: Sendable, Hashable {
    public let productCode: String
    public let compound: CompoundProfile
    public let amountPerML: Decimal
    public let unit: StrengthUnit

    public init(productCode: String, compound: CompoundProfile, amountPerML: Decimal, unit: StrengthUnit) {
        self.productCode = productCode
        self.compound = compound
        self.amountPerML = amountPerML
        self.unit = unit
    }

    /// The columns `init(row:)` reads, from `product_ingredient i` and `compound co`.
    static let columns = """
        i.product_code, i.compound_code, co.name AS compound_name, co.role, co.source, i.amount, i.unit,
        array(SELECT m.group_code FROM allergen_group_member m
               WHERE m.compound_code = co.code ORDER BY m.group_code) AS groups
        """

    /// Decodes a row with product_code, compound_code, compound_name, role, source, groups, amount, unit.
    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            productCode: try row.decode("product_code"),
            compound: CompoundProfile(
                code: try row.decode("compound_code"), name: try row.decode("compound_name"),
                role: try row.decodeEnum("role"), source: try row.decodeEnum("source"), groups: try row.decode("groups")),
            amountPerML: try row.decode("amount"), unit: try row.decodeEnum("unit"))
    }
}
