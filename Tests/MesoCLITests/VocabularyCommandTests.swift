import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// `meso vocabulary list | add` through the binary: who may read and extend the vocabulary, what a
/// pharmacist's term changes in the check, and what the database keeps.
@Suite("meso vocabulary", .serialized)
struct VocabularyCommandTests {
    static let shared = Result { try TestDatabase.seededWithFaceStock("cli_vocabulary") }

    let database: TestDatabase
    let meso: MesoCLI

    init() throws {
        database = try Self.shared.get()
        meso = MesoCLI(databaseURL: database.url)
    }

    func terms(_ arguments: [String] = [], as cli: MesoCLI? = nil) throws -> [[String: Any]] {
        let outcome = try (cli ?? meso).run(["vocabulary", "list", "--format", "json"] + arguments)
        #expect(outcome.status == 0, "\(outcome)")
        return try #require(try outcome.json() as? [[String: Any]], "\(outcome)")
    }

    @Test func theSeededVocabularyHoldsEveryClassInEnglishFrenchAndArabic() throws {
        let all = try terms()
        let csv = try String(contentsOfFile: ProjectPaths.fixtures + "/medication_terms.csv", encoding: .utf8)
        #expect(all.count == csv.split(separator: "\n").count - 1, "every fixture term is seeded, none merged into another")
        for medicationClass in MedicationClass.allCases {
            let languages = Set(all.filter { $0["class"] as? String == medicationClass.rawValue }.compactMap { $0["language"] as? String })
            #expect(languages.isSuperset(of: ["en", "fr", "ar"]), "\(medicationClass.rawValue): \(languages)")
        }
        let fondaparinux = try #require(all.first { $0["term"] as? String == "Arixtra" })
        #expect(fondaparinux["substance"] as? String == "fondaparinux")
        #expect(fondaparinux["washout_days"] as? Int == 4, "the substance's own washout")
        #expect((fondaparinux["washout_source"] as? String ?? "").contains("17 to 21 hours"))
        let primrose = try #require(all.first { $0["term"] as? String == "huile d'onagre" })
        #expect(primrose["washout_days"] as? Int == 14)
        let ginkgo = try #require(all.first { $0["term"] as? String == "Tanakan" })
        #expect(ginkgo["washout_days"] as? Int == 7, "the class's washout")

        let antiplatelets = try terms(["--class", "antiplatelet"])
        #expect(!antiplatelets.isEmpty)
        #expect(antiplatelets.allSatisfy { $0["class"] as? String == "antiplatelet" })
        #expect(antiplatelets.contains { $0["term"] as? String == "Plavix" && $0["substance"] as? String == "clopidogrel" })

        let unknown = try meso.run(["vocabulary", "list", "--class", "anticoagulants"])
        #expect(unknown.status == 65, "\(unknown)")
        #expect(unknown.isOneSentenceError)
        #expect(unknown.stderr.contains("--class must be salicylate, nsaid, antiplatelet"))
    }

    /// The pharmacist adds a brand the vocabulary did not know: the next check warns where it only
    /// asked before, and the term records who added it, with which login.
    @Test func aPharmacistsTermTakesEffectInTheNextCheck() throws {
        let logins = try ClinicLogins("voc", database: database)
        defer { logins.drop() }
        let pharmacist = MesoCLI(databaseURL: try database.url(asUser: logins.pharmacist), actor: "Pharm. Aisha Benali")
        let practitioner = MesoCLI(databaseURL: try database.url(asUser: logins.practitioner), actor: "Dr Nadia Haddad")

        #expect(try practitioner.run(["patient", "add", "VC-1", "--name", "Vocabulary Patient"]).status == 0)
        #expect(try practitioner.run(["patient", "allergy", "none", "VC-1"]).status == 0)
        #expect(try practitioner.run(["patient", "medication", "add", "VC-1", "--name", "Ibuprofen-Zentiva-Forte 400"]).status == 0)
        #expect(try practitioner.run(["patient", "medication", "add", "VC-1", "--name", "Xyzaprin 20 mg"]).status == 0)
        func check() throws -> (Int32, [[String: Any]]) {
            let outcome = try practitioner.run(["check", "--patient", "VC-1", "--formula", "REVIT-FACE", "--format", "json"])
            let report = try #require(try outcome.json() as? [String: Any], "\(outcome)")
            return (outcome.status, (report["findings"] as? [[String: Any]] ?? []).filter { $0["medication"] as? String == "Xyzaprin 20 mg" })
        }
        let before = try check()
        #expect(before.1.map { $0["severity"] as? String } == ["info"])

        // The practitioner may not extend the vocabulary; the pharmacist may.
        let refused = try practitioner.run(["vocabulary", "add", "Xyzaprin", "--class", "nsaid", "--substance", "ibuprofen"])
        #expect(refused.status == 77, "\(refused)")
        #expect(refused.stderr.contains("which logins in meso_pharmacist write"), "\(refused)")
        let added = try pharmacist.run(
            ["vocabulary", "add", "Xyzaprin", "--class", "nsaid", "--substance", "Ibuprofen", "--format", "json"])
        #expect(added.status == 0, "\(added)")
        let term = try #require(try added.json() as? [String: Any])
        #expect(term["substance"] as? String == "ibuprofen", "the existing substance, whatever its case")
        #expect(term["class"] as? String == "nsaid")
        #expect(term["recorded_by"] as? String == "Pharm. Aisha Benali")
        #expect(term["recorded_login"] as? String == logins.pharmacist)

        let after = try check()
        #expect(after.0 == 2)
        #expect(after.1.map { $0["severity"] as? String } == ["warn"])
        #expect((after.1.first?["message"] as? String ?? "").contains("(ibuprofen; NSAID)"))

        // Everyone who runs the check reads the vocabulary: the pharmacist, the practitioner, the auditor.
        for cli in [pharmacist, practitioner, MesoCLI(databaseURL: try database.url(asUser: logins.auditor))] {
            #expect(try terms(["--class", "nsaid"], as: cli).contains { $0["term"] as? String == "Xyzaprin" })
        }

        // A new substance: its class is the one given, its washout the class's.
        let zorbafen = try pharmacist.run(["vocabulary", "add", "Zorbafen", "--class", "ssri-snri", "--format", "json"])
        #expect(zorbafen.status == 0, "\(zorbafen)")
        let entry = try #require(try zorbafen.json() as? [String: Any])
        #expect(entry["substance"] as? String == "Zorbafen")
        #expect(entry["washout_days"] as? Int == 14)
    }

    @Test func aTermThatCannotBeAddedWritesNothing() throws {
        let tables = ["medication_term", "medication_substance"]
        let before = try database.rowCounts(of: tables)
        for (arguments, field, words) in [
            (["PLAVIX", "--class", "antiplatelet"], "TERM", "already has PLAVIX as Plavix (clopidogrel, class antiplatelet)"),
            (["Plavîx", "--class", "antiplatelet"], "TERM", "already has Plavîx as Plavix"),
            (["Plavix, Xarelto", "--class", "antiplatelet"], "TERM", "one name"),
            (["...", "--class", "nsaid"], "TERM", "one name"),
            (["", "--class", "nsaid"], "TERM", "must not be empty"),
            (["Zafen", "--class", "anticoagulants"], "--class", "--class must be"),
            (["Zafen", "--class", "nsaid", "--substance", "clopidogrel"], "--class", "clopidogrel in the class antiplatelet"),
        ] {
            let outcome = try meso.run(["vocabulary", "add"] + arguments + ["--format", "json"])
            #expect(outcome.status == 65, "\(arguments): \(outcome)")
            let error = try outcome.jsonError()
            #expect(error["field"] as? String == field, "\(arguments): \(error)")
            #expect((error["message"] as? String ?? "").contains(words), "\(arguments): \(error)")
        }
        #expect(try database.rowCounts(of: tables) == before)
    }

    /// The pharmacist reads the vocabulary but no patient's medications; the database refuses them.
    @Test func thePharmacistReadsTheVocabularyButNoPatientsMedications() throws {
        let logins = try ClinicLogins("vocrd", database: database)
        defer { logins.drop() }
        #expect(try meso.run(["patient", "add", "VC-2", "--name", "Private Patient"]).status == 0)
        #expect(try meso.run(["patient", "medication", "add", "VC-2", "--name", "Plavix"]).status == 0)

        for login in [logins.pharmacist, logins.auditor] {
            let connection = try PostgresConnection(try database.url(asUser: login))
            #expect(throws: Never.self) { try connection.query("SELECT count(*) FROM medication_term") }
            expectDenied(connection, "SELECT name FROM patient_medication")
            expectDenied(connection, "SELECT stopped_on FROM patient_medication_stop")
        }
        let pharmacist = MesoCLI(databaseURL: try database.url(asUser: logins.pharmacist))
        let shown = try pharmacist.run(["patient", "show", "VC-2"])
        #expect(shown.status == 77, "\(shown)")
        // The patient's clinical columns are refused before the medications are reached (Schema/0012).
        #expect(shown.stderr.contains("patients' clinical data is read and written by logins in meso_practitioner only"))
        #expect(!shown.stdout.contains("Plavix"))
        let checked = try pharmacist.run(["check", "--patient", "VC-2", "--formula", "REVIT-FACE"])
        #expect(checked.status == 77, "\(checked)")
        #expect(try terms([], as: pharmacist).count > 400)
    }

    /// The vocabulary is append-only, and when and by which login are the server's.
    @Test func theVocabularyIsAppendOnlyAndStampedByTheServer() throws {
        let logins = try ClinicLogins("vocdb", database: database)
        defer { logins.drop() }
        let pharmacist = try PostgresConnection(try database.url(asUser: logins.pharmacist))
        let row = try pharmacist.query(
            """
            INSERT INTO medication_term (term, substance, recorded_at, recorded_by, recorded_login)
            VALUES ('Qwertofen', 'ibuprofen', '2001-01-01T00:00:00Z', 'someone', 'someone_else')
            RETURNING recorded_at > now() - interval '1 minute' AS now_stamped, recorded_login, words, match_key
            """
        ).rows[0]
        #expect(try row.decode("now_stamped", as: Bool.self))
        #expect(try row.decode("recorded_login", as: String.self) == logins.pharmacist)
        #expect(try row.decode("words", as: String.self) == "qwertofen")
        #expect(try row.decode("match_key", as: String.self) == "qwertofen")
        expectDenied(pharmacist, "INSERT INTO medication_class (code, name, bleeding_risk, prescribed, washout_days, washout_source, advice) VALUES ('x', 'x', true, true, 1, 'x', 'x')")

        let owner = try database.connect()
        for statement: PostgresQuery in [
            "UPDATE medication_term SET substance = 'paracetamol' WHERE term = 'Plavix'",
            "DELETE FROM medication_substance WHERE name = 'warfarin'",
            "UPDATE medication_class SET washout_days = 0 WHERE code = 'antiplatelet'",
            "TRUNCATE medication_term CASCADE",
        ] {
            #expect(throws: PostgresError.self, "\(statement.sql)") { try owner.query(statement) }
        }
        let plavix = try owner.query(
            "SELECT s.class_code FROM medication_term t JOIN medication_substance s ON s.name = t.substance WHERE t.term = 'Plavix'")
        #expect(try plavix.rows[0].decode("class_code", as: String.self) == "antiplatelet")
    }

    /// The Swift set of class codes and the schema's classes are the same.
    @Test func theClassesOfTheSchemaAreTheClassesMesoKnows() throws {
        let codes = try database.connect().query("SELECT code FROM medication_class ORDER BY code").rows.map {
            try $0.decode("code", as: String.self)
        }
        #expect(codes == MedicationClass.allCases.map(\.rawValue).sorted())
    }
}
