import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A clinic's database from before the medication vocabulary (migrated through the migration before
/// it, with patients and their medications) takes Schema/0014 without losing a row: until the vocabulary is
/// seeded the check warns that it could not read the medications, and once seeded it reads them.
@Suite("Schema/0014 on an existing database")
struct MedicationVocabularyUpgradeTests {
    @Test func anExistingClinicKeepsItsMedicationsAndTheCheckReadsThemOnceSeeded() throws {
        let database = try TestDatabase.create("medication_upgrade", migrated: false)
        let connection = try database.connect()
        let migrations = try Migration.load(from: ProjectPaths.schema)
        let vocabularyMigration = try #require(migrations.firstIndex { $0.sql.contains("CREATE TABLE public.medication_class") })
        try SchemaMigrator(migrations: Array(migrations[..<vocabularyMigration])).migrate(on: connection, actor: "test")
        try connection.query(
            """
            INSERT INTO patient (mrn, name, allergy_assessment, created_by)
            VALUES ('OLD-1', 'فاطمة الزهراء', 'none-known', 'before'), ('OLD-2', 'Amélie Durand', 'none-known', 'before')
            """)
        try connection.query(
            """
            INSERT INTO patient_medication (patient_id, name, recorded_at, recorded_by)
            SELECT p.id, m.name, '2025-03-01T09:00:00Z', 'before'
              FROM (VALUES ('OLD-1', 'والأسبرين'), ('OLD-1', 'levothyroxine'), ('OLD-2', 'Kardégic 75 mg'), ('OLD-2', 'sans aspirine'))
                   AS m (mrn, name)
              JOIN patient p ON p.mrn = m.mrn
            """)
        let before = try connection.query(
            "SELECT id, name, recorded_at::text AS at, recorded_by FROM patient_medication ORDER BY id"
        ).rows.map { [try $0.decode("id", as: Int64.self).description, try $0.decode("name"), try $0.decode("at"), try $0.decode("recorded_by")] }

        let meso = MesoCLI(databaseURL: database.url)
        let migrate = try meso.run(["db", "migrate"])
        #expect(migrate.status == 0, "\(migrate)")
        let after = try connection.query(
            "SELECT id, name, recorded_at::text AS at, recorded_by FROM patient_medication ORDER BY id"
        ).rows.map { [try $0.decode("id", as: Int64.self).description, try $0.decode("name"), try $0.decode("at"), try $0.decode("recorded_by")] }
        #expect(after == before)
        let shown = try meso.run(["patient", "show", "OLD-1", "--format", "json"])
        #expect(shown.status == 0, "\(shown)")
        #expect(((try shown.json() as? [String: Any])?["medications"] as? [[String: Any]])?.count == 2)

        // The schema's classes are there; the vocabulary's terms come with the catalog.
        func bleedingRisk(_ mrn: String) throws -> [String: [String]] {
            let outcome = try meso.run(["check", "--patient", mrn, "--formula", "REVIT-FACE", "--format", "json"])
            let findings = ((try outcome.json() as? [String: Any])?["findings"] as? [[String: Any]] ?? [])
                .filter { $0["rule"] as? String == "bleeding-risk" }
            return Dictionary(grouping: findings) { $0["medication"] as? String ?? "" }.mapValues {
                $0.compactMap { $0["severity"] as? String }
            }
        }
        #expect(try meso.run(["db", "seed"]).status == 0)
        let vocabulary = try meso.run(["vocabulary", "list", "--format", "json"])
        #expect(((try vocabulary.json() as? [Any])?.count ?? 0) > 400)
        #expect(try bleedingRisk("OLD-1") == ["والأسبرين": ["warn"]])
        #expect(try bleedingRisk("OLD-2") == ["Kardégic 75 mg": ["warn"]])
    }

    /// A clinic that loaded its own catalog without the vocabulary: every medication warns that it
    /// could not be checked, rather than passing.
    @Test func withoutAVocabularyEveryMedicationWarnsThatItWasNotChecked() throws {
        let seeded = try TestDatabase.seeded("medication_upgrade_emptied")
        let connection = try seeded.connect()
        try connection.query("ALTER TABLE medication_term DISABLE TRIGGER medication_term_no_truncate")
        try connection.query("TRUNCATE medication_term")
        try connection.query("ALTER TABLE medication_term ENABLE TRIGGER medication_term_no_truncate")
        let check = try MesoCLI(databaseURL: seeded.url).run(
            ["check", "--patient", "MRN-0006", "--formula", "REVIT-FACE", "--format", "json"])
        let findings = ((try check.json() as? [String: Any])?["findings"] as? [[String: Any]] ?? [])
            .filter { $0["rule"] as? String == "bleeding-risk" }
        #expect(findings.map { $0["severity"] as? String } == ["warn"], "\(check)")
        #expect((findings.first?["message"] as? String ?? "").contains("the medication vocabulary is empty"))
    }
}
