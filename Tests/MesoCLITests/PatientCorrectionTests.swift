import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Correctable records through the binary: each correction is kept with who (actor and login), when
/// and the value before, and the check reads the record as it stood on the session's day.
@Suite("meso patient update, condition end, allergy update", .serialized)
struct PatientCorrectionTests {
    static let shared = Result { try RecordClinic.prepare("cli_patient_corrections") }
    static let tables = [
        "patient", "patient_update", "patient_condition", "patient_condition_end", "patient_allergy",
        "patient_allergy_amendment",
    ]

    let clinic: RecordClinic
    init() throws { clinic = try RecordClinic(database: try Self.shared.get()) }

    @Test func aWeightRecordedAfterRegistrationIsWhatTheDoseLimitUses() throws {
        try clinic.ok(["patient", "add", "W-1", "--name", "Léa Martin"])
        try clinic.ok(["patient", "allergy", "none", "W-1"])
        try clinic.ok(["formula", "add", "LIDO-HEAVY", "--name", "Much lidocaine", "--component", "LIDO-1-MD:5"])
        // Weight unknown: 50 mg is under the 300 mg cap, and the check says the per-kg limit was not checked.
        #expect(try clinic.rules("W-1", "LIDO-HEAVY", severity: "warn") == ["dose-limit"])
        #expect(try clinic.rules("W-1", "LIDO-HEAVY").isEmpty)

        let updated = try clinic.ok(["patient", "update", "W-1", "--weight-kg", "10"])
        #expect(updated["weight_kg"] as? String == "10.0")
        // 50 mg > 4.5 mg/kg × 10 kg.
        #expect(try clinic.rules("W-1", "LIDO-HEAVY") == ["dose-limit"])

        try clinic.ok(["patient", "update", "W-1", "--weight-kg", "62.5", "--name", "Léa Martin-Roux"])
        let shown = try clinic.ok(["patient", "show", "W-1"])
        let corrections = try #require(shown["corrections"] as? [[String: Any]])
        #expect(corrections.map { $0["field"] as? String } == ["weight_kg", "name", "weight_kg"])
        #expect(corrections.map { $0["before"] as? String } == [nil, "Léa Martin", "10.0"])
        #expect(corrections.map { $0["after"] as? String } == ["10.0", "Léa Martin-Roux", "62.5"])
        #expect(corrections.allSatisfy { $0["recorded_by"] as? String == "Dr Lee" && $0["recorded_login"] is String })
        #expect(try clinic.meso.run(["audit", "verify"]).status == 0, "the lot trace follows a corrected name")

        // Nothing to change, an unknown patient, a birth date ahead, no field: 65, nothing written.
        try clinic.fails(["patient", "update", "W-1", "--weight-kg", "62.5"], 65, tables: Self.tables)
        try clinic.fails(["patient", "update", "NOBODY", "--name", "X"], 65, tables: Self.tables)
        try clinic.fails(["patient", "update", "W-1", "--birth-date", RecordClinic.day(3)], 65, tables: Self.tables)
        try clinic.fails(["patient", "update", "W-1", "--weight-kg", "0"], 65, tables: Self.tables)
        let none = try clinic.fails(["patient", "update", "W-1"], 65, tables: Self.tables)
        #expect(none["field"] as? String == "--name")
    }

    @Test func aPractitionerCorrectsThroughTheHistoryOnly() throws {
        let logins = try ClinicLogins("corr", database: clinic.database)
        defer { logins.drop() }
        let practitioner = try PostgresConnection(try clinic.database.url(asUser: logins.practitioner))
        expectDenied(practitioner, "UPDATE patient SET weight_kg = 200 WHERE mrn = 'MRN-0006'")
        // Through the history the change is applied, its time and login the server's whatever is sent.
        let row = try #require(
            try practitioner.query(
                """
                INSERT INTO patient_update (patient_id, weight_kg, recorded_by, recorded_at, recorded_login)
                SELECT id, 56.0, 'Dr Amani', '2001-01-01T00:00:00Z', 'somebody else' FROM patient WHERE mrn = 'MRN-0006'
                RETURNING recorded_at > now() - interval '1 minute' AS fresh, recorded_login, weight_kg_before
                """
            ).first)
        #expect(try row.decode("fresh", as: Bool.self))
        #expect(try row.decode("recorded_login", as: String.self) == logins.practitioner)
        #expect(try row.decode("weight_kg_before", as: Decimal.self) == 55)
        expectDenied(practitioner, "DELETE FROM patient_update")
        // The pharmacist corrects no patient and reads no clinical correction.
        let pharmacist = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.pharmacist), actor: "Pharm")
        try clinic.fails(["patient", "update", "MRN-0006", "--weight-kg", "57"], 77, tables: Self.tables, as: pharmacist)
        let pharmacistConnection = try PostgresConnection(try clinic.database.url(asUser: logins.pharmacist))
        expectDenied(pharmacistConnection, "SELECT * FROM patient_condition_end")
        expectDenied(pharmacistConnection, "SELECT * FROM patient_allergy_amendment")
    }

    @Test func anEndedConditionCountsOnlyForSessionsBeforeItsEnd() throws {
        // MRN-0003: rosacea (no onset), which blocks.
        let rosacea = try clinic.id("SELECT c.id FROM patient_condition c JOIN patient p ON p.id = c.patient_id WHERE p.mrn = 'MRN-0003' AND c.kind = 'skin-disease'")
        #expect(try clinic.rules("MRN-0003", "REVIT-FACE", at: RecordClinic.noon(-10)) == ["contraindication"])
        let ended = try clinic.ok(["patient", "condition", "end", String(rosacea), "--on", RecordClinic.day(-5), "--note", "clear for a month"])
        #expect(ended["state"] as? String == "ended")
        // A check back-dated before the end still sees it; on the day it ended, and after, it is gone.
        #expect(try clinic.rules("MRN-0003", "REVIT-FACE", at: RecordClinic.noon(-6)) == ["contraindication"])
        #expect(try clinic.rules("MRN-0003", "REVIT-FACE", at: RecordClinic.noon(-5)).isEmpty)
        #expect(try clinic.rules("MRN-0003", "REVIT-FACE").isEmpty)

        let conditions = try #require(try clinic.ok(["patient", "show", "MRN-0003"])["conditions"] as? [[String: Any]])
        #expect(conditions.first?["id"] as? Int == rosacea)
        #expect(conditions.first?["state"] as? String == "ended")
        #expect(conditions.first?["ended_on"] as? String == RecordClinic.day(-5))

        // An end after today, before the onset, or of an unknown record: 65, nothing written.
        try clinic.fails(["patient", "condition", "end", String(rosacea), "--on", RecordClinic.day(1)], 65, tables: Self.tables)
        let surgery = try clinic.id("SELECT c.id FROM patient_condition c JOIN patient p ON p.id = c.patient_id WHERE p.mrn = 'MRN-0001'")
        try clinic.fails(["patient", "condition", "end", String(surgery), "--on", "2026-06-01"], 65, tables: Self.tables)
        try clinic.fails(["patient", "condition", "end", "999999", "--on", RecordClinic.day(-1)], 65, tables: Self.tables)
        try clinic.fails(["patient", "condition", "end", String(surgery), "--on", "yesterday"], 65, tables: Self.tables)
    }

    @Test func endingAFacialSurgeryDoesNotShortenItsFourMonths() throws {
        // MRN-0001: operated on 2026-06-12; four months run to 2026-10-12.
        let surgery = try clinic.id("SELECT c.id FROM patient_condition c JOIN patient p ON p.id = c.patient_id WHERE p.mrn = 'MRN-0001'")
        try clinic.ok(["patient", "condition", "end", String(surgery), "--on", "2026-06-20", "--note", "healed"])
        #expect(try clinic.rules("MRN-0001", "REVIT-FACE", at: "2026-10-11T10:00:00Z") == ["contraindication"])
        #expect(try clinic.rules("MRN-0001", "REVIT-FACE", at: "2026-10-12T10:00:00Z").isEmpty)
    }

    @Test func aConditionThatBeganAfterTheSessionsDayDoesNotApply() throws {
        try clinic.ok(["patient", "add", "C-1", "--name", "Inès Caron"])
        try clinic.ok(["patient", "allergy", "none", "C-1"])
        try clinic.ok(["patient", "condition", "add", "C-1", "--kind", "infection", "--on", RecordClinic.day(-2), "--note", "impetigo"])
        #expect(try clinic.rules("C-1", "REVIT-FACE", at: RecordClinic.noon(-3)).isEmpty, "the day before it began")
        #expect(try clinic.rules("C-1", "REVIT-FACE", at: RecordClinic.noon(-2)) == ["contraindication"])
    }

    @Test func anAllergyAmendedToRefutedNoLongerBlocksAndItsHistoryIsKept() throws {
        // MRN-0001: lidocaine, low, confirmed: a warning against REVIT-LIDO.
        let allergy = try clinic.id("SELECT a.id FROM patient_allergy a JOIN patient p ON p.id = a.patient_id WHERE p.mrn = 'MRN-0001'")
        try clinic.ok(["patient", "allergy", "update", String(allergy), "--criticality", "high", "--reason", "anaphylaxis reported by her GP"])
        #expect(try clinic.rules("MRN-0001", "REVIT-LIDO") == ["allergy"])
        let amended = try clinic.ok(
            ["patient", "allergy", "update", String(allergy), "--status", "refuted", "--reason", "negative patch test"])
        #expect(amended["status_before"] as? String == "confirmed")
        #expect(amended["status"] as? String == "refuted")
        #expect(amended["criticality"] as? String == "high", "the field not given stays")
        #expect(try clinic.rules("MRN-0001", "REVIT-LIDO").isEmpty)
        #expect(try clinic.rules("MRN-0001", "REVIT-LIDO", severity: "warn").isEmpty)

        let shown = try clinic.ok(["patient", "show", "MRN-0001"])
        #expect((shown["allergies"] as? [[String: Any]])?.first?["status"] as? String == "refuted")
        let history = try #require(shown["allergy_amendments"] as? [[String: Any]])
        #expect(history.map { $0["reason"] as? String } == ["anaphylaxis reported by her GP", "negative patch test"])
        #expect(history.map { $0["criticality_before"] as? String } == ["low", "high"])

        // Nothing to amend, an unknown record, nothing given, no reason.
        try clinic.fails(["patient", "allergy", "update", String(allergy), "--status", "refuted", "--reason", "again"], 65, tables: Self.tables)
        try clinic.fails(["patient", "allergy", "update", "999999", "--status", "refuted", "--reason", "x"], 65, tables: Self.tables)
        try clinic.fails(["patient", "allergy", "update", String(allergy), "--reason", "x"], 65, tables: Self.tables)
        try clinic.fails(["patient", "allergy", "update", String(allergy), "--status", "gone", "--reason", "x"], 65, tables: Self.tables)
        try clinic.fails(["patient", "allergy", "update", String(allergy), "--status", "confirmed"], 64, tables: Self.tables)
    }

    @Test func aPatientWhoseOnlyAllergiesWereEnteredInErrorIsUnassessed() throws {
        // MRN-0007: fish protein (unconfirmed) and benzyl alcohol (entered in error).
        let fish = try clinic.id(
            "SELECT a.id FROM patient_allergy a JOIN patient p ON p.id = a.patient_id WHERE p.mrn = 'MRN-0007' AND a.group_code = 'fish-protein'")
        // (Her ginkgo is a bleeding-risk warning throughout.)
        #expect(try clinic.rules("MRN-0007", "REVIT-FACE", severity: "warn") == ["bleeding-risk"])
        try clinic.ok(["patient", "allergy", "update", String(fish), "--status", "entered-in-error", "--reason", "another patient's record"])
        let warnings = try clinic.findings("MRN-0007", "REVIT-FACE").filter { $0["rule"] as? String == "allergy-assessment" }
        #expect(warnings.map { $0["severity"] as? String } == ["warn"])
        #expect((warnings.first?["message"] as? String)?.contains("entered in error") == true)
        // Asking the patient settles it: no known allergies may now be recorded, and the warning goes.
        try clinic.ok(["patient", "allergy", "none", "MRN-0007"])
        #expect(try clinic.rules("MRN-0007", "REVIT-FACE", severity: "warn") == ["bleeding-risk"])
    }
}
