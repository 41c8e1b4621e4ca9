import PostgresClient

extension ExportedLot {
    /// Reads the lots `lotIDs` selects (a subquery of lot ids) as Medications, by lot id: each lot with
    /// its product, GTIN and first recall; then the ingredients of their products with each
    /// compound's public codes, in the order `product show` lists them.
    static func fetch(lotIDs: PostgresQuery) -> Fetch<[Int64: ExportedLot]> {
        Fetch.all(
            Fetch(
                """
                SELECT \(unsafeRaw: TracedLot.columns), lp.gtin
                  FROM lot l
                  JOIN product lp ON lp.code = l.product_code
                  \(unsafeRaw: TracedLot.recallJoin)
                 WHERE l.id IN (\(lotIDs))
                 ORDER BY l.id
                """
            ) { $0 },
            Fetch(
                """
                SELECT i.product_code, c.code, c.name, c.role, i.amount, i.unit,
                       array(SELECT cc.system || '|' || cc.code FROM compound_coding cc
                              WHERE cc.compound_code = c.code ORDER BY cc.system, cc.code) AS public_codes
                  FROM product_ingredient i JOIN compound c ON c.code = i.compound_code
                 WHERE i.product_code IN (SELECT l.product_code FROM lot l WHERE l.id IN (\(lotIDs)))
                 ORDER BY i.product_code, c.role, i.unit, i.amount DESC, c.code
                """
            ) { $0 }
        ).map { lots, ingredients in try decode(lots: lots, ingredients: ingredients) }
    }

    /// The lots as Medications, by lot id.
    private static func decode(lots: PostgresResult, ingredients: PostgresResult) throws(PostgresError) -> [Int64: ExportedLot] {
        var byProduct: [String: [ExportedIngredient]] = [:]
        for row in ingredients.rows {
            let codes: [String] = try row.decode("public_codes")
            byProduct[try row.decode("product_code"), default: []].append(
                ExportedIngredient(
                    compoundCode: try row.decode("code"), compoundName: try row.decode("name"), role: try row.decodeEnum("role"),
                    strength: try CatalogService.strength(row), publicCodes: codes.map(CompoundCoding.init(stored:))))
        }
        var exported: [Int64: ExportedLot] = [:]
        for row in lots.rows {
            let lot = try TracedLot(row: row)
            exported[lot.id] = ExportedLot(
                lot: lot, gtin: try row.decode("gtin"), ingredients: byProduct[lot.productCode] ?? [])
        }
        return exported
    }

    /// The public codes of the compounds the patient is recorded as allergic to, by compound.
    static func compoundCodings(_ rows: PostgresResult) throws(PostgresError) -> [String: [CompoundCoding]] {
        var codings: [String: [CompoundCoding]] = [:]
        for row in rows.rows {
            codings[try row.decode("compound_code"), default: []].append(
                CompoundCoding(stored: try row.decode("coding")))
        }
        return codings
    }
}
