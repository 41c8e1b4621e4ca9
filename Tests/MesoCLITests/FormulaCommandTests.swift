import Foundation
import Synchronization
import Testing
import TestSupport

@Suite("meso formula", .serialized)
struct FormulaCommandTests {
    static let shared = Result { try TestDatabase.seeded("cli_formula") }
    static let formulaTables = ["formula", "formula_version", "formula_component"]

    let database: TestDatabase
    let meso: MesoCLI

    init() throws {
        database = try Self.shared.get()
        meso = MesoCLI(databaseURL: database.url)
    }

    @Test func addingAnExistingCodeWritesTheNextVersionAndLeavesTheEarlierOneUnchanged() throws {
        let first = try meso.run([
            "formula", "add", "test-lido", "--name", "Test with lidocaine", "--component", "POLYREVIT-5:3",
            "--component", "lido-1-md:0.5", "--indication", "testing", "--format", "json",
        ])
        #expect(first.status == 0, "\(first)")
        let v1 = try #require(try first.json() as? [String: Any])
        #expect(v1["code"] as? String == "TEST-LIDO")
        #expect(v1["version"] as? Int == 1)
        #expect(v1["min_interval_days"] as? Int == 15)
        #expect((v1["components"] as? [[String: Any]])?.map { $0["volume_ml"] as? String } == ["3.000", "0.500"])

        let second = try meso.run([
            "formula", "add", "TEST-LIDO", "--name", "Test with lidocaine, stronger", "--component", "LIDO-1-MD:2",
            "--min-interval-days", "21", "--format", "json",
        ])
        #expect(second.status == 0, "\(second)")
        let v2 = try #require(try second.json() as? [String: Any])
        #expect(v2["version"] as? Int == 2)
        #expect(v2["min_interval_days"] as? Int == 21)

        let old = try #require(
            try meso.run(["formula", "show", "TEST-LIDO", "--version", "1", "--format", "json"]).json() as? [String: Any])
        #expect(old["name"] as? String == "Test with lidocaine")
        #expect((old["components"] as? [[String: Any]])?.count == 2)
        let latest = try #require(try meso.run(["formula", "show", "TEST-LIDO", "--format", "json"]).json() as? [String: Any])
        #expect(latest["version"] as? Int == 2)

        let list = try #require(try meso.run(["formula", "list", "--format", "json"]).json() as? [[String: Any]])
        let listed = try #require(list.first { $0["code"] as? String == "TEST-LIDO" })
        #expect(listed["version"] as? Int == 2)
        #expect(listed["components"] as? Int == 1)
    }

    @Test func concurrentAdditionsToOneCodeEachGetTheirOwnVersion() throws {
        let clients = 6
        let outcomes = Mutex<[MesoCLI.Outcome?]>([])
        let meso = self.meso
        DispatchQueue.concurrentPerform(iterations: clients) { index in
            let outcome = try? meso.run([
                "formula", "add", "RACE", "--name", "Race \(index)", "--component", "HA-15-2:\(index + 1)", "--format", "json",
            ])
            outcomes.withLock { $0.append(outcome) }
        }
        let all = outcomes.withLock { $0 }.compactMap { $0 }
        #expect(all.count == clients)
        #expect(all.allSatisfy { $0.status == 0 }, "\(all)")
        let versions = all.compactMap { (try? $0.json() as? [String: Any])?["version"] as? Int }
        #expect(versions.sorted() == Array(1...clients))
        let components = try database.connect().query(
            "SELECT count(*) AS n FROM formula_component WHERE formula_code = 'RACE'"
        ).first?.decode("n", as: Int.self)
        #expect(components == clients)
    }

    @Test func showSumsEachCompoundOverTheProductsInItsOwnUnit() throws {
        // REVIT-FACE: POLYREVIT-5 3 mL + HA-15-2 1 mL (Fixtures/).
        let show = try meso.run(["formula", "show", "REVIT-FACE", "--format", "json"])
        #expect(show.status == 0, "\(show)")
        let document = try #require(try show.json() as? [String: Any])
        let totals = try #require(document["compound_totals"] as? [[String: Any]])
        func total(_ compound: String) -> [String: Any]? { totals.first { $0["compound"] as? String == compound } }
        #expect(total("ha-nonanimal")?["amount"] as? String == "30.000")  // 3 × 5 + 1 × 15 mg
        #expect(total("ha-nonanimal")?["unit"] as? String == "mg")
        #expect(total("ha-nonanimal")?["products"] as? String == "POLYREVIT-5, HA-15-2")
        #expect(total("sodium-chloride")?["amount"] as? String == "29.400")  // 3 × 6.8 + 1 × 9 mg
        #expect(total("thiamine")?["amount"] as? String == "6.000")  // 3 × 2 µg
        #expect(total("thiamine")?["unit"] as? String == "ug")
        #expect(totals.count == 53)

        let table = try meso.run(["formula", "show", "REVIT-LIDO"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Compound totals per session"))
        #expect(table.stdout.split(separator: "\n").contains { $0.hasPrefix("lidocaine") && $0.contains("10.000") && $0.contains("mg") })
    }

    @Test(arguments: [
        ["--name", "No components"],
        ["--name", "Zero", "--component", "HA-15-2:0"],
        ["--name", "Negative", "--component", "HA-15-2:-1"],
        ["--name", "Not a number", "--component", "HA-15-2:one"],
        ["--name", "No volume", "--component", "HA-15-2"],
        ["--name", "Too much", "--component", "HA-15-2:51"],
        ["--name", "Unknown product", "--component", "HA-15-2:1", "--component", "NO-SUCH-PRODUCT:1"],
        ["--name", "Twice", "--component", "HA-15-2:1", "--component", "ha-15-2:2"],
        ["--name", "Interval", "--component", "HA-15-2:1", "--min-interval-days", "0"],
        ["--name", " ", "--component", "HA-15-2:1"],
    ])
    func badInputExits65AndWritesNothing(arguments: [String]) throws {
        // A new formula, and a new version of an existing one (which keeps the components it is not given).
        for code in arguments == ["--name", "No components"] ? ["BAD-NEW"] : ["BAD-NEW", "REVIT-FACE"] {
            let before = try database.rowCounts(of: Self.formulaTables)
            let outcome = try meso.run(["formula", "add", code] + arguments + ["--format", "json"])
            #expect(outcome.status == 65, "\(arguments) \(outcome)")
            let error = try outcome.jsonError()
            #expect(error["error"] as? String == "invalid_input")
            #expect((error["message"] as? String)?.isEmpty == false)
            #expect(try database.rowCounts(of: Self.formulaTables) == before, "\(arguments)")
        }
    }

    @Test func aNewVersionKeepsWhatItDoesNotSetAndShowSaysWhatChanged() throws {
        let first = try meso.run([
            "formula", "add", "KEEP-21", "--name", "Spaced cocktail", "--component", "POLYREVIT-5:3", "--component", "HA-15-2:1",
            "--min-interval-days", "21", "--indication", "spaced sessions",
        ])
        #expect(first.status == 0, "\(first)")
        // Only the HA volume changes: the interval, the indication, the name and the other component stay.
        let second = try meso.run(["formula", "add", "KEEP-21", "--component", "POLYREVIT-5:3", "--component", "HA-15-2:2", "--format", "json"])
        #expect(second.status == 0, "\(second)")
        let v2 = try #require(try second.json() as? [String: Any])
        #expect(v2["version"] as? Int == 2)
        #expect(v2["min_interval_days"] as? Int == 21, "not reset to 15")
        #expect(v2["indication"] as? String == "spaced sessions")
        #expect(v2["name"] as? String == "Spaced cocktail")
        let changes = try #require(v2["changes"] as? [[String: Any]])
        #expect(changes.map { $0["field"] as? String } == ["component HA-15-2"])
        #expect(changes.map { $0["before"] as? String } == ["1.000"])
        #expect(changes.map { $0["after"] as? String } == ["2.000"])

        // Only the interval: the components are inherited too.
        let third = try meso.run(["formula", "add", "KEEP-21", "--min-interval-days", "28", "--format", "json"])
        let v3 = try #require(try third.json() as? [String: Any], "\(third)")
        #expect((v3["components"] as? [[String: Any]])?.map { $0["volume_ml"] as? String } == ["3.000", "2.000"])
        let shown = try #require(try meso.run(["formula", "show", "KEEP-21", "--format", "json"]).json() as? [String: Any])
        #expect((shown["changes"] as? [[String: Any]])?.map { $0["field"] as? String } == ["min_interval_days"])
        #expect((shown["changes"] as? [[String: Any]])?.first?["before"] as? String == "21")
        let table = try meso.run(["formula", "show", "KEEP-21", "--version", "2"])
        #expect(table.stdout.contains("Changes from version 1"), "\(table)")
        let version1 = try #require(try meso.run(["formula", "show", "KEEP-21", "--version", "1", "--format", "json"]).json() as? [String: Any])
        #expect((version1["changes"] as? [[String: Any]])?.isEmpty == true)

        // A version that changes nothing is refused.
        let before = try database.rowCounts(of: Self.formulaTables)
        let same = try meso.run(["formula", "add", "KEEP-21", "--min-interval-days", "28", "--format", "json"])
        #expect(same.status == 65, "\(same)")
        #expect(try database.rowCounts(of: Self.formulaTables) == before)
        // A new formula still needs its name and components.
        #expect(try meso.run(["formula", "add", "NEW-NONAME", "--component", "HA-15-2:1"]).status == 65)
    }

    @Test func aComponentErrorNamesTheComponent() throws {
        let outcome = try meso.run(["formula", "add", "BAD", "--name", "x", "--component", "HA-15-2:-1"])
        #expect(outcome.status == 65)
        #expect(outcome.stderr.contains("HA-15-2:-1"), "\(outcome)")
        let unknown = try meso.run(["formula", "add", "BAD", "--name", "x", "--component", "NOPE:1"])
        #expect(unknown.stderr.contains("NOPE"), "\(unknown)")
    }

    @Test func showingAnUnknownFormulaOrVersionExits65() throws {
        let unknown = try meso.run(["formula", "show", "NO-SUCH", "--format", "json"])
        #expect(unknown.status == 65)
        #expect((try unknown.jsonError()["message"] as? String)?.contains("NO-SUCH") == true)
        let version = try meso.run(["formula", "show", "REVIT-FACE", "--version", "9"])
        #expect(version.status == 65)
        #expect(version.stderr.contains("version 9"))
        #expect(try meso.run(["formula", "show", "REVIT-FACE", "--version", "zero"]).status == 65)
    }
}
