import MesoCore

enum ProductPresentation {
    static func record(_ product: Product) -> OutputRecord {
        [
            "code": .text(product.code), "name": .text(product.name), "gtin": .optional(product.gtin, OutputValue.text),
            "vial_ml": .quantity(product.vialML), "single_use": .boolean(product.singleUse),
            "in_use_days": .optional(product.inUseDays, OutputValue.integer), "reorder_ml": .quantity(product.reorderML), "ingredient_count": .integer(product.ingredients.count),
            "ingredients": .list(product.ingredients.map { .record(ingredient($0)) }),
        ]
    }

    static func listing(_ products: [Product]) -> Presentation {
        .listing(
            OutputTable(
                key: "products",
                columns: ["code", "name", "gtin", "vial_ml", "single_use", "in_use_days", "reorder_ml", "ingredient_count"],
                rows: products.map(record)),
            notes: ["\(products.count) product(s)."])
    }

    static func details(_ product: Product, notes: [String] = []) -> Presentation {
        var fields = record(product)
        fields.fields.removeAll { $0.key == "ingredients" }
        return .document(
            fields,
            tables: [
                OutputTable(
                    key: "ingredients", title: "Ingredients (per mL)",
                    columns: ["compound", "compound_name", "role", "amount", "unit"],
                    rows: product.ingredients.map(ingredient))
            ],
            notes: notes)
    }

    static func ingredient(_ ingredient: ProductIngredient) -> OutputRecord {
        [
            "compound": .text(ingredient.compoundCode), "compound_name": .text(ingredient.compoundName),
            "role": .text(ingredient.role.rawValue), "amount": amount(ingredient.strength),
            "unit": .text(unit(ingredient.strength)),
        ]
    }

    /// The amount exactly as stored, without padding (0.04, 1000).
    static func amount(_ strength: Strength) -> OutputValue {
        .decimal(strength.amount, scale: strength.amount.significantDecimals)
    }

    static func unit(_ strength: Strength) -> String { strength.unit.rawValue + "/mL" }
}
