import MesoCore

// Test-only: catalog requests made of the texts a user types, each parsed in the order the
// command line parses them (`compound add`, `product add`), so that tests see its refusals.
extension NewCompound {
    public init(
        code: String, name: String, class compoundClass: String, role: String?, source: String?, groups: [String],
        codings: [String] = []
    ) throws(MesoError) {
        self.init(
            code: try CompoundCode(code, field: "CODE"), name: try Name(name, field: .name),
            class: try FieldText.choice(compoundClass, field: "\(.compoundClass)"),
            role: try role.map { text throws(MesoError) in try FieldText.choice(text, field: "\(.role)") },
            source: try source.map { text throws(MesoError) in try FieldText.choice(text, field: "\(.source)") },
            groups: try groups.map { text throws(MesoError) in try AllergenGroupCode(text, field: .group) },
            codings: try codings.map { text throws(MesoError) in try CompoundCoding(text, field: "\(.code)") })
    }
}

extension NewProduct {
    public init(
        code: String, name: String, vialML: String, singleUse: Bool, inUseDays: String? = nil, gtin: String?,
        reorderML: String?, ingredients: [String]
    ) throws(MesoError) {
        try self.init(
            code: try ProductCode(code, field: "CODE"), name: try Name(name, field: .name),
            vialML: try Millilitres(vialML, field: .vialMl, maximum: NewProduct.largestVialML),
            use: try VialUse(singleUse: singleUse, inUseDays: inUseDays),
            gtin: try gtin.map { text throws(MesoError) in try GTIN(text, field: "\(.gtin)") },
            reorderML: try reorderML.map { text throws(MesoError) in
                try Millilitres(text, field: .reorderMl, maximum: NewProduct.largestReorderML, allowZero: true)
            },
            ingredients: try ingredients.map { text throws(MesoError) in try NewProduct.Ingredient(text) })
    }
}
