import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("meso compound, allergen, product")
struct CatalogCommandTests {
    static let tables = ["compound", "allergen_group", "allergen_group_member", "product", "product_ingredient"]

    /// Runs a command that must be refused as invalid input naming `field`, with nothing written.
    func expectInvalid(
        _ meso: MesoCLI, _ database: TestDatabase, _ arguments: [String], field: String, mentioning text: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try database.rowCounts(of: Self.tables)
        let outcome = try meso.run(arguments + ["--format", "json"])
        #expect(outcome.status == 65, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, sourceLocation: sourceLocation)
        let error = try outcome.jsonError()
        #expect(error["error"] as? String == "invalid_input", sourceLocation: sourceLocation)
        #expect(error["field"] as? String == field, "\(outcome)", sourceLocation: sourceLocation)
        if let text {
            #expect((error["message"] as? String)?.contains(text) == true, "\(outcome)", sourceLocation: sourceLocation)
        }
        #expect(try database.rowCounts(of: Self.tables) == before, sourceLocation: sourceLocation)
    }

    @Test func globalOptionsMayComeBeforeTheCommand() throws {
        let database = try TestDatabase.seeded("cli_catalog_global_first")
        let after = try MesoCLI.run(["compound", "show", "lidocaine", "--format", "json", "--database-url", database.url])
        #expect(after.status == 0, "\(after)")
        let before = try MesoCLI.run(["--format", "json", "--database-url", database.url, "compound", "show", "lidocaine"])
        #expect(before.status == 0, "\(before)")
        #expect(before.stdout == after.stdout)
        let csv = try MesoCLI.run(["--format=csv", "--actor=pharmacist", "compound", "list", "--database-url", database.url])
        #expect(csv.status == 0, "\(csv)")
        #expect(csv.stdout.hasPrefix("code,"), "\(csv)")
        // A usage error keeps the format asked for, wherever it was written.
        let unknown = try MesoCLI.run(["--format", "json", "compound", "show", "--database-url", database.url])
        #expect(unknown.status == 64)
        #expect(try unknown.jsonError()["error"] as? String == "usage")
    }

    @Test func compoundsListShowAndAdd() throws {
        let database = try TestDatabase.seeded("cli_catalog_compound")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let list = try meso.run(["compound", "list", "--class", "anaesthetic", "--format", "json"])
        #expect(list.status == 0, "\(list)")
        let compounds = try #require(try list.json() as? [[String: Any]])
        #expect(compounds.count == 8)
        #expect(compounds.allSatisfy { $0["class"] as? String == "anaesthetic" })
        let lidocaine = try #require(compounds.first { $0["code"] as? String == "lidocaine" })
        #expect(lidocaine["allergen_groups"] as? [String] == ["amide-anaesthetics"])

        let csv = try meso.run(["compound", "list", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("code,name,class,role,source,allergen_groups\r\n"))
        #expect(csv.stdout.split(separator: "\r\n").count > 60)

        let show = try meso.run(["compound", "show", "lidocaine", "--format", "json"])
        let details = try #require(try show.json() as? [String: Any])
        #expect((details["groups"] as? [[String: Any]])?.first?["code"] as? String == "amide-anaesthetics")
        let products = try #require(details["products"] as? [[String: Any]])
        #expect(products.contains { $0["product_code"] as? String == "LIDO-2-MPF" && $0["amount"] as? String == "20" })

        let added = try meso.run([
            "compound", "add", "Dibucaine", "--name", "dibucaine hydrochloride", "--class", "anaesthetic",
            "--group", "amide-anaesthetics", "--format", "json",
        ])
        #expect(added.status == 0, "\(added)")
        #expect((try added.json() as? [String: Any])?["code"] as? String == "dibucaine")
        let group = try meso.run(["allergen", "show", "amide-anaesthetics", "--format", "json"])
        let members = try #require((try group.json() as? [String: Any])?["members"] as? [[String: Any]])
        #expect(members.contains { $0["code"] as? String == "dibucaine" })
        let table = try meso.run(["compound", "show", "dibucaine"])
        #expect(table.stdout.contains("Allergen groups"))

        try expectInvalid(
            meso, database, ["compound", "add", "lidocaine", "--name", "again", "--class", "anaesthetic"], field: "CODE",
            mentioning: "already exists")
        try expectInvalid(
            meso, database, ["compound", "add", "x1", "--name", "x", "--class", "vitamin", "--group", "cobalt", "--group", "nope"],
            field: "--group", mentioning: "nope")
        try expectInvalid(meso, database, ["compound", "add", "x2", "--name", "x", "--class", "hormone"], field: "--class")
        try expectInvalid(meso, database, ["compound", "add", "x 3", "--name", "x", "--class", "vitamin"], field: "CODE")
        try expectInvalid(meso, database, ["compound", "list", "--class", "steroid"], field: "--class")
        try expectInvalid(meso, database, ["compound", "show", "unobtainium"], field: "CODE")
    }

    @Test func allergenGroupsListShowAndAdd() throws {
        let database = try TestDatabase.seeded("cli_catalog_allergen")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let list = try meso.run(["allergen", "list", "--format", "json"])
        let groups = try #require(try list.json() as? [[String: Any]])
        #expect(groups.count == 10)
        #expect(groups.first { $0["code"] as? String == "cobalt" }?["members"] as? [String] == ["cyanocobalamin", "hydroxocobalamin"])
        let show = try meso.run(["allergen", "show", "fish-protein"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("pdrn"))

        let added = try meso.run(["allergen", "add", "latex", "--name", "natural rubber latex", "--note", "vial stoppers"])
        #expect(added.status == 0, "\(added)")
        #expect(added.stdout.contains("Added allergen group latex."))
        #expect(try meso.run(["allergen", "show", "latex", "--format", "json"]).json() as? [String: Any] != nil)
        try expectInvalid(meso, database, ["allergen", "add", "latex", "--name", "again"], field: "GROUP", mentioning: "already exists")
        try expectInvalid(meso, database, ["allergen", "add", "bad group", "--name", "x"], field: "GROUP")
        try expectInvalid(meso, database, ["allergen", "add", "g2", "--name", "   "], field: "--name")
        try expectInvalid(meso, database, ["allergen", "show", "nope"], field: "GROUP")
    }

    @Test func productsAddListAndShowWithStrengths() throws {
        let database = try TestDatabase.seeded("cli_catalog_product")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let added = try meso.run([
            "product", "add", "b12-hydroxo-1", "--name", "Hydroxocobalamin 1 mL ampoule", "--vial-ml", "1",
            "--gtin", "03401234567890", "--reorder-ml", "5", "--ingredient", "hydroxocobalamin:1000µg/mL",
            "--ingredient", "sodium-chloride:9 mg/mL", "--format", "json",
        ])
        #expect(added.status == 0, "\(added)")
        let product = try #require(try added.json() as? [String: Any])
        #expect(product["code"] as? String == "B12-HYDROXO-1")
        #expect(product["single_use"] as? Bool == true, "single-use is the default")
        #expect(product["vial_ml"] as? String == "1.000")
        let ingredients = try #require(product["ingredients"] as? [[String: Any]])
        #expect(ingredients.contains { $0["compound"] as? String == "hydroxocobalamin" && $0["unit"] as? String == "ug/mL" && $0["amount"] as? String == "1000" })

        let multi = try meso.run([
            "product", "add", "LIDO-05-MD", "--name", "Lidocaine 0.5 %", "--vial-ml", "50", "--multi-dose",
            "--ingredient", "lidocaine:5mg/mL", "--ingredient", "methylparaben:1mg/mL",
        ])
        #expect(multi.status == 0, "\(multi)")
        let list = try meso.run(["product", "list", "--format", "csv"])
        #expect(list.stdout.hasPrefix("code,name,gtin,vial_ml,single_use,in_use_days,reorder_ml,ingredient_count\r\n"))
        #expect(list.stdout.contains("LIDO-05-MD,Lidocaine 0.5 %,,50.000,no,28,0.000,2\r\n"), "28 days once punctured, by default")
        let show = try meso.run(["product", "show", "lido-05-md"])
        #expect(show.stdout.contains("Ingredients (per mL)"))
        #expect(show.stdout.contains("methylparaben"))
        let listed = try #require(try meso.run(["product", "list", "--format", "json"]).json() as? [[String: Any]])
        #expect(listed.count == 23)

        try expectInvalid(
            meso, database,
            ["product", "add", "P1", "--name", "p", "--vial-ml", "2", "--ingredient", "lidocaine:1%/mL"],
            field: "--ingredient", mentioning: "mg, ug (µg) or IU per mL")
        try expectInvalid(
            meso, database,
            ["product", "add", "P1", "--name", "p", "--vial-ml", "2", "--ingredient", "lidocaine:10mg/L"],
            field: "--ingredient")
        try expectInvalid(
            meso, database,
            ["product", "add", "P1", "--name", "p", "--vial-ml", "2", "--ingredient", "unobtainium:10mg/mL"],
            field: "--ingredient", mentioning: "unobtainium")
        try expectInvalid(
            meso, database,
            ["product", "add", "P1", "--name", "p", "--vial-ml", "2", "--gtin", "03401234567893", "--ingredient", "lidocaine:10mg/mL"],
            field: "--gtin", mentioning: "the last digit should be 0")
        try expectInvalid(
            meso, database,
            ["product", "add", "P1", "--name", "p", "--vial-ml", "2", "--gtin", "09520107000112", "--ingredient", "lidocaine:10mg/mL"],
            field: "--gtin", mentioning: "LIDO-1-MD")
        try expectInvalid(
            meso, database, ["product", "add", "LIDO-1-MD", "--name", "p", "--vial-ml", "2", "--ingredient", "lidocaine:10mg/mL"],
            field: "CODE", mentioning: "already exists")
        for vial in ["0", "-1", "abc", "1e3", "100000"] {
            try expectInvalid(
                meso, database, ["product", "add", "P1", "--name", "p", "--vial-ml", vial, "--ingredient", "lidocaine:10mg/mL"],
                field: "--vial-ml")
        }
        try expectInvalid(meso, database, ["product", "add", "P1", "--name", "p", "--vial-ml", "2"], field: "--ingredient")
        try expectInvalid(meso, database, ["product", "show", "NOPE"], field: "CODE")

        let both = try meso.run([
            "product", "add", "P1", "--name", "p", "--vial-ml", "2", "--single-use", "--multi-dose", "--ingredient",
            "lidocaine:10mg/mL",
        ])
        #expect(both.status == 64, "\(both)")
    }

    @Test func sqlLookingAndNonLatinTextIsStoredVerbatim() throws {
        let database = try TestDatabase.seeded("cli_catalog_verbatim")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let name = "Robert'); DROP TABLE product; -- ليدوكائين 利多卡因"
        let added = try meso.run([
            "product", "add", "SQL-1", "--name", name, "--vial-ml", "2", "--ingredient", "lidocaine:10mg/mL",
        ])
        #expect(added.status == 0, "\(added)")
        let shown = try #require(try meso.run(["product", "show", "SQL-1", "--format", "json"]).json() as? [String: Any])
        #expect(shown["name"] as? String == name)
        let stored = try database.connect().query("SELECT name FROM product WHERE code = 'SQL-1'").first?.decode("name", as: String.self)
        #expect(stored == name)
        #expect(try database.rowCounts(of: ["product"])["product"] == 22)
        let table = try meso.run(["product", "show", "SQL-1"])
        #expect(table.stdout.contains("DROP TABLE product"))
    }

    @Test func plainTextErrorsAreOneSentenceOnStderr() throws {
        let meso = MesoCLI(databaseURL: try TestDatabase.seeded("cli_catalog_plain_error").url, actor: "pharmacist")
        let outcome = try meso.run(["product", "add", "P1", "--name", "p", "--vial-ml", "2", "--ingredient", "lidocaine:5%/mL"])
        #expect(outcome.status == 65)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr == "meso: --ingredient lidocaine:5%/mL has the unit %; a strength is in mg, ug (µg) or IU per mL.\n")
    }
}
