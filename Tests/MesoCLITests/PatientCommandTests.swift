import Foundation
import Testing
import TestSupport

@Suite("meso patient", .serialized)
struct PatientCommandTests {
    static let shared = Result { try TestDatabase.seeded("cli_patient") }
    static let patientTables = ["patient", "patient_allergy", "patient_condition", "patient_medication"]

    let database: TestDatabase
    let meso: MesoCLI

    init() throws {
        database = try Self.shared.get()
        meso = MesoCLI(databaseURL: database.url)
    }

    func show(_ mrn: String) throws -> [String: Any] {
        let outcome = try meso.run(["patient", "show", mrn, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome)")
        return try #require(try outcome.json() as? [String: Any])
    }

    @Test func addShowAndListKeepANameInAnyScript() throws {
        let added = try meso.run([
            "patient", "add", "P-100", "--name", "ليلى بن علي", "--birth-date", "1991-02-03", "--weight-kg", "58.5",
            "--format", "json",
        ])
        #expect(added.status == 0, "\(added)")
        let patient = try show("P-100")
        #expect(patient["name"] as? String == "ليلى بن علي")
        #expect(patient["weight_kg"] as? String == "58.5")
        #expect(patient["birth_date"] as? String == "1991-02-03")
        #expect(patient["allergy_assessment"] as? String == "unknown")
        #expect((patient["allergies"] as? [Any])?.isEmpty == true)

        let list = try #require(try meso.run(["patient", "list", "--format", "json"]).json() as? [[String: Any]])
        #expect(list.contains { $0["mrn"] as? String == "P-100" })
        #expect(list.contains { $0["mrn"] as? String == "MRN-0002" && $0["name"] as? String == "فاطمة الزهراء" })

        let duplicate = try meso.run(["patient", "add", "P-100", "--name", "Someone else"])
        #expect(duplicate.status == 65)
        #expect(duplicate.stderr.contains("P-100"))
    }

    /// A right-to-left name copied from a table keeps the isolate the table wrapped it in: pasted
    /// back, it is the name; an isolate inside a name is still refused.
    @Test func aNamePastedBackFromATableIsTheName() throws {
        let table = try meso.run(["patient", "show", "MRN-0002"])
        let line = try #require(table.stdout.split(separator: "\n").first { $0.contains("فاطمة") })
        let start = try #require(line.firstIndex(of: "\u{2068}"))
        let end = try #require(line.firstIndex(of: "\u{2069}"))
        let pasted = String(line[start...end])
        let added = try meso.run(["patient", "add", "P-PASTE", "--name", pasted])
        #expect(added.status == 0, "\(added)")
        #expect(try show("P-PASTE")["name"] as? String == "فاطمة الزهراء")
        let inside = try meso.run(["patient", "add", "P-INSIDE", "--name", "Ana \u{2068}فاطمة\u{2069}"])
        #expect(inside.status == 65 && inside.stderr.contains("--name contains a control character"), "\(inside)")
    }

    @Test(arguments: [
        ["P-200", "--name", "Weight zero", "--weight-kg", "0"],
        ["P-200", "--name", "Weight negative", "--weight-kg", "-5"],
        ["P-200", "--name", "Weight text", "--weight-kg", "sixty"],
        ["P-200", "--name", "Weight absurd", "--weight-kg", "900"],
        ["P-200", "--name", "Bad date", "--birth-date", "1990-02-30"],
        ["P-200", "--name", "Future", "--birth-date", "2999-01-01"],
        ["P-200", "--name", "  "],
        ["P 200", "--name", "Space in MRN"],
    ])
    func badPatientInputExits65AndWritesNothing(arguments: [String]) throws {
        let before = try database.rowCounts(of: Self.patientTables)
        let outcome = try meso.run(["patient", "add"] + arguments)
        #expect(outcome.status == 65, "\(arguments) \(outcome)")
        #expect(try database.rowCounts(of: Self.patientTables) == before)
    }

    @Test func anAllergyNamingNeitherOrBothCompoundAndGroupExits65AndWritesNothing() throws {
        try meso.run(["patient", "add", "P-300", "--name", "Allergy input"])
        for extra in [[], ["--compound", "lidocaine", "--group", "amide-anaesthetics"]] {
            let before = try database.rowCounts(of: Self.patientTables)
            let outcome = try meso.run(["patient", "allergy", "add", "P-300", "--criticality", "high"] + extra + ["--format", "json"])
            #expect(outcome.status == 65, "\(extra) \(outcome)")
            #expect(try outcome.jsonError()["error"] as? String == "invalid_input")
            #expect(try database.rowCounts(of: Self.patientTables) == before)
        }
        #expect(try show("P-300")["allergy_assessment"] as? String == "unknown")
    }

    @Test func unknownAllergensPatientsAndWordsExit65AndWriteNothing() throws {
        try meso.run(["patient", "add", "P-400", "--name", "Unknowns"])
        let cases: [[String]] = [
            ["patient", "allergy", "add", "P-400", "--compound", "no-such-compound"],
            ["patient", "allergy", "add", "P-400", "--group", "no-such-group"],
            ["patient", "allergy", "add", "NOBODY", "--compound", "lidocaine"],
            ["patient", "allergy", "add", "P-400", "--compound", "lidocaine", "--criticality", "severe"],
            ["patient", "allergy", "add", "P-400", "--compound", "lidocaine", "--status", "maybe"],
            ["patient", "condition", "add", "P-400", "--kind", "facial-surgery"],
            ["patient", "condition", "add", "P-400", "--kind", "sunburn"],
            ["patient", "condition", "add", "P-400", "--kind", "infection", "--on", "yesterday"],
            ["patient", "condition", "add", "NOBODY", "--kind", "infection"],
            ["patient", "medication", "add", "NOBODY", "--name", "aspirin"],
            ["patient", "medication", "add", "P-400", "--name", ""],
            ["patient", "show", "NOBODY"],
            ["patient", "allergy", "none", "NOBODY"],
        ]
        for arguments in cases {
            let before = try database.rowCounts(of: Self.patientTables)
            let outcome = try meso.run(arguments)
            #expect(outcome.status == 65, "\(arguments) \(outcome)")
            #expect(outcome.stderr.hasPrefix("meso: "), "\(arguments)")
            #expect(try database.rowCounts(of: Self.patientTables) == before, "\(arguments)")
        }
        #expect(try show("P-400")["allergy_assessment"] as? String == "unknown")
    }

    @Test func allergiesConditionsAndMedicationsAreRecordedAndShown() throws {
        try meso.run(["patient", "add", "P-500", "--name", "Record", "--weight-kg", "70"])
        let allergy = try meso.run([
            "patient", "allergy", "add", "P-500", "--compound", "Lidocaine", "--criticality", "high", "--status",
            "confirmed", "--reaction", "anaphylaxis, 2019", "--format", "json",
        ])
        #expect(allergy.status == 0, "\(allergy)")
        let group = try meso.run(["patient", "allergy", "add", "P-500", "--group", "cobalt"])
        #expect(group.status == 0, "\(group)")
        #expect(try meso.run(["patient", "condition", "add", "P-500", "--kind", "facial-surgery", "--on", "2026-09-01", "--note", "rhinoplasty"]).status == 0)
        #expect(try meso.run(["patient", "medication", "add", "P-500", "--name", "Fish oil 1000 mg"]).status == 0)

        let record = try show("P-500")
        #expect(record["allergy_assessment"] as? String == "listed")
        let allergies = try #require(record["allergies"] as? [[String: Any]])
        #expect(allergies.map { $0["substance"] as? String } == ["lidocaine", "cobalt"])
        #expect(allergies.map { $0["kind"] as? String } == ["compound", "group"])
        #expect(allergies[0]["criticality"] as? String == "high")
        #expect(allergies[0]["status"] as? String == "confirmed")
        #expect(allergies[1]["criticality"] as? String == "unable-to-assess", "the default")
        #expect(allergies[1]["status"] as? String == "unconfirmed", "the default")
        #expect(allergies[0]["recorded_by"] as? String == "tester")
        let conditions = try #require(record["conditions"] as? [[String: Any]])
        #expect(conditions.first?["onset"] as? String == "2026-09-01")
        #expect((record["medications"] as? [[String: Any]])?.first?["name"] as? String == "Fish oil 1000 mg")

        let table = try meso.run(["patient", "show", "P-500"])
        #expect(table.stdout.contains("Allergies"))
        #expect(table.stdout.contains("anaphylaxis, 2019"))
    }

    @Test func noKnownAllergiesIsRefusedWhileAnActiveAllergyIsListed() throws {
        try meso.run(["patient", "add", "P-600", "--name", "None known"])
        let fresh = try meso.run(["patient", "allergy", "none", "P-600", "--format", "json"])
        #expect(fresh.status == 0, "\(fresh)")
        #expect((try fresh.json() as? [String: Any])?["allergy_assessment"] as? String == "none-known")

        try meso.run(["patient", "allergy", "add", "P-600", "--compound", "thiamine", "--criticality", "low"])
        #expect(try show("P-600")["allergy_assessment"] as? String == "listed")
        let refused = try meso.run(["patient", "allergy", "none", "P-600"])
        #expect(refused.status == 65, "\(refused)")
        #expect(refused.stderr.contains("thiamine"))
        #expect(try show("P-600")["allergy_assessment"] as? String == "listed")

        // Only refuted or entered-in-error records on file: "none known" is true again.
        try meso.run(["patient", "add", "P-601", "--name", "Refuted only"])
        try meso.run(["patient", "allergy", "add", "P-601", "--compound", "thiamine", "--status", "refuted"])
        try meso.run(["patient", "allergy", "add", "P-601", "--group", "parabens", "--status", "entered-in-error"])
        #expect(try meso.run(["patient", "allergy", "none", "P-601"]).status == 0)
        #expect(try show("P-601")["allergy_assessment"] as? String == "none-known")
    }
}
