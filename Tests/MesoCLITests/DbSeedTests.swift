import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("meso db seed")
struct DbSeedTests {
    @Test func seedLoadsTheCatalogOnceAndTwiceAddsNothing() throws {
        let database = try TestDatabase.create("cli_db_seed")
        let meso = MesoCLI(databaseURL: database.url)
        let first = try meso.run(["db", "seed", "--format", "json"])
        #expect(first.status == 0, "\(first)")
        let files = try #require(try first.json() as? [[String: Any]])
        #expect(files.count == 14)
        #expect(files.allSatisfy { ($0["added"] as? Int) == ($0["rows"] as? Int) })

        let connection = try database.connect()
        let counts = try #require(
            try connection.query(
                """
                SELECT (SELECT count(*) FROM compound) AS compounds,
                       (SELECT count(DISTINCT class) FROM compound) AS classes,
                       (SELECT count(*) FROM product) AS products,
                       (SELECT count(*) FROM formula) AS formulas,
                       (SELECT count(*) FROM patient) AS patients,
                       (SELECT count(DISTINCT s.class_code) FROM medication_term t
                          JOIN medication_substance s ON s.name = t.substance) AS medication_classes
                """
            ).first)
        #expect(try counts.decode("compounds", as: Int.self) >= 60)
        #expect(try counts.decode("classes", as: Int.self) == 12)
        #expect(try counts.decode("products", as: Int.self) >= 12)
        #expect(try counts.decode("formulas", as: Int.self) >= 4)
        #expect(try counts.decode("medication_classes", as: Int.self) == 11, "terms of every medication class")

        let second = try meso.run(["db", "seed", "--format", "json"])
        #expect(second.status == 0)
        let again = try #require(try second.json() as? [[String: Any]])
        #expect(again.allSatisfy { ($0["added"] as? Int) == 0 })
        // Arabic names survive the round trip exactly.
        let name = try connection.query("SELECT name FROM patient WHERE mrn = 'MRN-0002'").first?.decode("name", as: String.self)
        #expect(name == "فاطمة الزهراء")
    }

    @Test func invalidUTF8InAFixtureIsRefusedAndNothingIsWritten() throws {
        let database = try TestDatabase.create("cli_db_seed_bad")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("meso-fixtures-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.copyItem(atPath: ProjectPaths.fixtures, toPath: directory.path)
        defer { try? FileManager.default.removeItem(at: directory) }
        let products = directory.appendingPathComponent("products.csv")
        var bytes = try Data(contentsOf: products)
        bytes.append(contentsOf: Array("BAD-1,Bad \u{0}".utf8.dropLast()) + [0xC3, 0x28] + Array(" name,,2,true,1\n".utf8))
        try bytes.write(to: products)

        let outcome = try MesoCLI(databaseURL: database.url).run(["db", "seed", "--fixtures", directory.path])
        #expect(outcome.status == 65, "\(outcome)")
        #expect(outcome.stderr.contains("products.csv"))
        #expect(outcome.stderr.contains("UTF-8"))
        let count = try database.connect().query("SELECT count(*) AS n FROM compound").first?.decode("n", as: Int.self)
        #expect(count == 0)
    }
}
