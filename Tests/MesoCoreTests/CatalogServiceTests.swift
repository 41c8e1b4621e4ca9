import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

@Suite("Catalog service")
struct CatalogServiceTests {
    static let catalogTables = ["compound", "allergen_group", "allergen_group_member", "product", "product_ingredient"]

    func catalog(_ name: String) throws -> (TestDatabase, CatalogService) {
        let database = try TestDatabase.seeded(name)
        return (database, CatalogService(connection: try database.connect(), actor: try Actor("pharmacist")))
    }

    @Test func ingredientStrengthsAreReadInMgMicrogramsAndIU() throws {
        let cases: [(String, String, String, StrengthUnit)] = [
            ("lidocaine:10mg/mL", "lidocaine", "10", .mg),
            ("cyanocobalamin:1000ug/mL", "cyanocobalamin", "1000", .ug),
            ("cyanocobalamin:0.5 µg/mL", "cyanocobalamin", "0.5", .ug),
            ("cyanocobalamin:2\u{03BC}g/ml", "cyanocobalamin", "2", .ug),
            ("Retinol:3300IU/mL", "retinol", "3300", .iu),
        ]
        for (text, compound, amount, unit) in cases {
            let ingredient = try NewProduct.Ingredient(text)
            #expect(ingredient.compoundCode == compound)
            #expect(ingredient.strength == Strength(amount: Decimal(exactText: amount)!, unit: unit), "\(text)")
        }
    }

    @Test func badStrengthsAreRefusedNamingTheField() {
        let bad = [
            "lidocaine:1%/mL", "lidocaine:10mg/L", "lidocaine:10g/mL", "lidocaine:10mg", "lidocaine10mg/mL",
            "lidocaine:0mg/mL", "lidocaine:-5mg/mL", "lidocaine:tenmg/mL", "lidocaine:10/mL", ":10mg/mL",
            "lidocaine:2000000mg/mL", "lidocaine:1.00001mg/mL",
        ]
        for text in bad {
            let error = refusal { _ = try NewProduct.Ingredient(text) }
            #expect(error?.kind == .invalidInput, "\(text)")
            #expect(error?.field == "--ingredient", "\(text)")
        }
        #expect(refusal { _ = try NewProduct.Ingredient("lidocaine:1%/mL") }?.message.contains("mg, ug (µg) or IU per mL") == true)
    }

    @Test func compoundsAreListedByClassAndShownWithGroupsAndProducts() throws {
        let (_, catalog) = try catalog("core_catalog_read")
        let anaesthetics = try catalog.compounds(in: .anaesthetic)
        #expect(anaesthetics.contains { $0.code == "lidocaine" && $0.allergenGroups == ["amide-anaesthetics"] })
        #expect(anaesthetics.allSatisfy { $0.compoundClass == .anaesthetic })
        #expect(try catalog.compounds().count >= 60)

        let lidocaine = try catalog.compound("lidocaine")
        #expect(lidocaine.groups.map(\.code) == ["amide-anaesthetics"])
        #expect(lidocaine.products.contains { $0.productCode == "LIDO-1-MD" && $0.strength == Strength(amount: 10, unit: .mg) })

        let cobalt = try catalog.allergenGroup("cobalt")
        #expect(cobalt.members.map(\.code) == ["cyanocobalamin", "hydroxocobalamin"])
        #expect(try catalog.allergenGroups().count == 10)

        let product = try catalog.product("LIDO-1-MD")
        #expect(product.gtin == "09520107000112")
        #expect(!product.singleUse)
        #expect(product.ingredients.map(\.compoundCode).contains("methylparaben"))
        #expect(refusal { _ = try catalog.product("NOPE") }?.kind == .invalidInput)
        #expect(refusal { _ = try catalog.compound("nope") }?.kind == .invalidInput)
    }

    @Test func addingACompoundWritesItsGroupMembershipsOrNothing() throws {
        let (database, catalog) = try catalog("core_catalog_compound")
        let added = try catalog.add(
            try NewCompound(
                code: "Dibucaine", name: "dibucaine", class: "anaesthetic", role: nil, source: nil,
                groups: ["amide-anaesthetics", "AMIDE-anaesthetics"]))
        #expect(added.code == "dibucaine")
        #expect(added.role == .active)
        #expect(try catalog.allergenGroup("amide-anaesthetics").members.contains { $0.code == "dibucaine" })
        let excipient = try NewCompound(code: "e1", name: "e", class: "excipient", role: nil, source: nil, groups: [])
        #expect(excipient.role == .excipient)

        let before = try database.rowCounts(of: Self.catalogTables)
        let unknownGroup = refusal {
            _ = try catalog.add(
                try NewCompound(code: "x1", name: "x", class: "vitamin", role: nil, source: nil, groups: ["cobalt", "nope"]))
        }
        #expect(unknownGroup?.field == "--group")
        #expect(unknownGroup?.message.contains("nope") == true)
        let duplicate = refusal {
            _ = try catalog.add(
                try NewCompound(code: "lidocaine", name: "again", class: "anaesthetic", role: nil, source: nil, groups: []))
        }
        #expect(duplicate?.message == "A compound with the code lidocaine already exists.")
        #expect(try database.rowCounts(of: Self.catalogTables) == before)

        for (code, compoundClass, role, source) in [
            ("bad code!", "vitamin", nil, nil), ("x2", "hormone", nil, nil), ("x3", "vitamin", "inert", nil),
            ("x4", "vitamin", nil, "porcine"),
        ] as [(String, String, String?, String?)] {
            let error = refusal {
                _ = try NewCompound(code: code, name: "n", class: compoundClass, role: role, source: source, groups: [])
            }
            #expect(error?.kind == .invalidInput)
        }
    }

    @Test func addingAProductWritesItsIngredientsOrNothing() throws {
        let (database, catalog) = try catalog("core_catalog_product")
        let product = try catalog.add(
            try NewProduct(
                code: "b12-hydroxo-1", name: "Hydroxocobalamin 1 mL ampoule", vialML: "1", singleUse: true,
                gtin: "03401234567890", reorderML: "5",
                ingredients: ["hydroxocobalamin:1000µg/mL", "sodium-chloride:9mg/mL"]))
        #expect(product.code == "B12-HYDROXO-1")
        #expect(product.gtin == "03401234567890")
        #expect(product.ingredients.count == 2)
        #expect(product.ingredients.first { $0.compoundCode == "hydroxocobalamin" }?.strength == Strength(amount: 1000, unit: .ug))

        let before = try database.rowCounts(of: Self.catalogTables)
        let unknownCompound = refusal {
            _ = try catalog.add(
                try NewProduct(
                    code: "P2", name: "p", vialML: "2", singleUse: true, gtin: nil, reorderML: nil,
                    ingredients: ["lidocaine:10mg/mL", "unobtainium:1mg/mL"]))
        }
        #expect(unknownCompound?.field == "--ingredient")
        #expect(unknownCompound?.message.contains("unobtainium") == true)
        let takenGTIN = refusal {
            _ = try catalog.add(
                try NewProduct(
                    code: "P3", name: "p", vialML: "2", singleUse: true, gtin: "09520107000112", reorderML: nil,
                    ingredients: ["lidocaine:10mg/mL"]))
        }
        #expect(takenGTIN?.message == "The GTIN 09520107000112 already belongs to product LIDO-1-MD.")
        let takenCode = refusal {
            _ = try catalog.add(
                try NewProduct(
                    code: "LIDO-1-MD", name: "p", vialML: "2", singleUse: true, gtin: nil, reorderML: nil,
                    ingredients: ["lidocaine:10mg/mL"]))
        }
        #expect(takenCode?.message == "A product with the code LIDO-1-MD already exists.")
        #expect(try database.rowCounts(of: Self.catalogTables) == before)
    }

    @Test func productValuesAreCheckedBeforeAnythingIsWritten() {
        func attempt(vial: String = "2", gtin: String? = nil, reorder: String? = nil, ingredients: [String] = ["lidocaine:10mg/mL"])
            -> MesoError?
        {
            refusal {
                _ = try NewProduct(
                    code: "P", name: "p", vialML: vial, singleUse: true, gtin: gtin, reorderML: reorder,
                    ingredients: ingredients)
            }
        }
        #expect(attempt(vial: "0")?.field == "--vial-ml")
        #expect(attempt(vial: "-1")?.field == "--vial-ml")
        #expect(attempt(vial: "abc")?.field == "--vial-ml")
        #expect(attempt(vial: "5000")?.field == "--vial-ml")
        #expect(attempt(gtin: "03401234567893")?.field == "--gtin")
        #expect(attempt(reorder: "-2")?.field == "--reorder-ml")
        #expect(attempt(ingredients: [])?.field == "--ingredient")
        #expect(attempt(ingredients: ["lidocaine:10mg/mL", "lidocaine:20mg/mL"])?.message.contains("twice") == true)
    }
}
