#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The pharmacist's catalog: compounds, allergen groups and products. Reads are plain queries;
/// each addition is one transaction that either writes everything it was given or nothing.
public struct CatalogService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    // MARK: Allergen groups

    public func allergenGroups() throws -> [AllergenGroup] {
        try MesoError.translating {
            let members = try groupMembers(of: nil)
            return try connection.query("SELECT code, name, note FROM allergen_group ORDER BY code").rows.map { row in
                let code: String = try row.decode("code")
                return AllergenGroup(
                    code: code, name: try row.decode("name"), note: try row.decode("note"),
                    members: members[code] ?? [])
            }
        }
    }

    public func allergenGroup(_ code: AllergenGroupCode) throws -> AllergenGroup {
        try MesoError.translating {
            guard let row = try connection.query("SELECT code, name, note FROM allergen_group WHERE code = \(code)").first
            else {
                throw MesoError.invalid("GROUP", "No allergen group has the code \(code).")
            }
            return AllergenGroup(
                code: code.text, name: try row.decode("name"), note: try row.decode("note"),
                members: try groupMembers(of: code.text)[code.text] ?? [])
        }
    }

    public func add(_ new: NewAllergenGroup) throws -> AllergenGroup {
        try MesoError.translating {
            do {
                try connection.query(
                    """
                    INSERT INTO allergen_group (code, name, note, created_by)
                    VALUES (\(new.code), \(new.name), \(new.note), \(actor.name))
                    """)
            } catch let error as PostgresError where error.sqlState == .uniqueViolation {
                throw MesoError.invalid("GROUP", "An allergen group with the code \(new.code) already exists.")
            }
            return AllergenGroup(code: new.code, name: new.name, note: new.note, members: [])
        }
    }

    /// Members of one group (or of every group), by group code.
    private func groupMembers(of group: String?) throws -> [String: [Compound]] {
        let rows = try connection.query(
            """
            SELECT m.group_code, c.code, c.name, c.class, c.role, c.source,
                   array(SELECT o.group_code FROM allergen_group_member o
                          WHERE o.compound_code = c.code ORDER BY o.group_code) AS groups
              FROM allergen_group_member m JOIN compound c ON c.code = m.compound_code
             WHERE \(group)::text IS NULL OR m.group_code = \(group)
             ORDER BY m.group_code, c.code
            """
        ).rows
        var members: [String: [Compound]] = [:]
        for row in rows { members[try row.decode("group_code"), default: []].append(try Self.compound(row)) }
        return members
    }

    // MARK: Products

    public func products() throws -> [Product] {
        try MesoError.translating { try products(code: nil) }
    }

    public func product(_ code: ProductCode) throws -> Product {
        try MesoError.translating {
            guard let product = try products(code: code.text).first else {
                throw MesoError.invalid("CODE", "No product has the code \(code).")
            }
            return product
        }
    }

    /// Adds the product with its ingredients; a product without them would pass every allergy check.
    public func add(_ new: NewProduct) throws -> Product {
        try MesoError.translating {
            try connection.transaction { tx in
                let compounds = new.ingredients.map(\.compoundCode)
                let known = try tx.query("SELECT code FROM compound WHERE code = ANY(\(compounds))")
                    .rows.map { try $0.decode("code", as: String.self) }
                if let unknown = compounds.first(where: { !known.contains($0) }) {
                    throw MesoError.invalid("\(.ingredient)", "No compound has the code \(unknown) (\(.ingredient)).")
                }
                if let gtin = new.gtin,
                    let owner = try tx.query("SELECT code FROM product WHERE gtin = \(gtin.digits)").first
                {
                    throw MesoError.invalid(
                        "\(.gtin)", "The GTIN \(gtin) already belongs to product \(try owner.decode("code", as: String.self)).")
                }
                do {
                    try tx.query(
                        """
                        INSERT INTO product (code, name, gtin, vial_ml, single_use, in_use_days, reorder_ml, created_by)
                        VALUES (\(new.code), \(new.name), \(new.gtin?.digits), \(new.vialML), \(new.singleUse),
                                \(new.inUseDays), \(new.reorderML), \(actor.name))
                        """)
                } catch let error as PostgresError where error.sqlState == .uniqueViolation && error.constraint == "product_pkey" {
                    throw MesoError.invalid("CODE", "A product with the code \(new.code) already exists.")
                }
                try tx.query(
                    """
                    INSERT INTO product_ingredient (product_code, compound_code, amount, unit)
                    SELECT \(new.code), c, a, u
                      FROM unnest(\(compounds)::text[], \(new.ingredients.map(\.strength.amount))::numeric[],
                                  \(new.ingredients.map(\.strength.unit.rawValue))::text[]) AS i(c, a, u)
                    """)
                guard let product = try products(code: new.code, on: tx).first else {
                    throw MesoError(.internal, "The product \(new.code) was added but cannot be read back.")
                }
                return product
            }
        }
    }

    private func products(code: String?, on connection: PostgresConnection? = nil) throws -> [Product] {
        let connection = connection ?? self.connection
        let ingredientRows = try connection.query(
            """
            SELECT i.product_code, c.code, c.name, c.role, i.amount, i.unit
              FROM product_ingredient i JOIN compound c ON c.code = i.compound_code
             WHERE \(code)::text IS NULL OR i.product_code = \(code)
             ORDER BY i.product_code, c.role, i.unit, i.amount DESC, c.code
            """
        ).rows
        var ingredients: [String: [ProductIngredient]] = [:]
        for row in ingredientRows {
            ingredients[try row.decode("product_code"), default: []].append(
                ProductIngredient(
                    compoundCode: try row.decode("code"), compoundName: try row.decode("name"),
                    role: try row.decodeEnum("role"),
                    strength: try Self.strength(row)))
        }
        return try connection.query(
            """
            SELECT code, name, gtin, vial_ml, single_use, in_use_days, reorder_ml FROM product
             WHERE \(code)::text IS NULL OR code = \(code) ORDER BY code
            """
        ).rows.map { row in
            let code: String = try row.decode("code")
            return Product(
                code: code, name: try row.decode("name"), gtin: try row.decode("gtin"),
                vialML: try row.decode("vial_ml"), singleUse: try row.decode("single_use"),
                inUseDays: try row.decode("in_use_days"), reorderML: try row.decode("reorder_ml"), ingredients: ingredients[code] ?? [])
        }
    }

    // MARK: Rows

    static func compound(_ row: PostgresRow) throws(PostgresError) -> Compound {
        Compound(
            code: try row.decode("code"), name: try row.decode("name"), compoundClass: try row.decodeEnum("class"),
            role: try row.decodeEnum("role"), source: try row.decodeEnum("source"), allergenGroups: try row.decode("groups"))
    }

    static func strength(_ row: PostgresRow) throws(PostgresError) -> Strength {
        Strength(amount: try row.decode("amount"), unit: try row.decodeEnum("unit"))
    }
}
