import PostgresClient

/// `product-ingredients`: every product has its ingredients; a product with none passes the allergy
/// check whatever it contains. Schema/0017 refuses one at commit.
extension AuditService {
    func productsWithoutIngredients(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT p.code FROM product p
             WHERE NOT EXISTS (SELECT FROM product_ingredient i WHERE i.product_code = p.code)
             ORDER BY p.code
            """
        ).rows.map { row in
            let product: String = try row.decode("code")
            return Discrepancy(
                rule: .productIngredients, productCode: product,
                message: "Product \(product) has no ingredients: the allergy check cannot see what it contains.")
        }
    }
}
