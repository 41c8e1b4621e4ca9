import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Reactions feed back: an allergic reaction (any severity) or a severe event after a session
/// blocks later cocktails sharing a compound with it until the practitioner assesses it.
@Suite("Reactions that block until assessed", .serialized)
struct ReactionCommandTests {
    static let shared = Result { try RecordClinic.prepare("cli_reactions") }

    let clinic: RecordClinic
    init() throws { clinic = try RecordClinic(database: try Self.shared.get()) }

    /// A new patient with no known allergies and a session of `formula` three days ago; its id.
    func patientWithSession(_ mrn: String, _ formula: String = "REVIT-LIDO") throws -> Int {
        try clinic.ok(["patient", "add", mrn, "--name", "Patient \(mrn)", "--weight-kg", "60"])
        try clinic.ok(["patient", "allergy", "none", mrn])
        let session = try clinic.ok(
            ["session", "record", "--patient", mrn, "--formula", formula, "--at", RecordClinic.noon(-3)])
        return try #require(session["session_id"] as? Int)
    }

    func event(_ session: Int, _ kind: String, _ severity: String) throws -> Int {
        let recorded = try clinic.ok(["session", "adverse-event", String(session), "--kind", kind, "--severity", severity])
        return try #require(recorded["adverse_event_id"] as? Int)
    }

    @Test func anAllergicReactionBlocksACocktailSharingACompoundUntilAssessed() throws {
        let session = try patientWithSession("R-1")
        let event = try event(session, "allergic-reaction", "mild")
        let block = try #require(try clinic.findings("R-1", "REVIT-FACE").first { $0["rule"] as? String == "reaction" })
        #expect(block["severity"] as? String == "block")
        let message = try #require(block["message"] as? String)
        #expect(message.contains("Adverse event \(event) (allergic-reaction, mild) followed session \(session)"))
        #expect(message.contains("shares cocarboxylase, cyanocobalamin, thiamine, "), "POLYREVIT-5 is shared, its allergen-group compounds first")
        // A check dated before the reacting session is not concerned.
        #expect(try clinic.rules("R-1", "REVIT-FACE", at: RecordClinic.noon(-4)).isEmpty)

        // An allergy recorded later without the link lifts nothing.
        try clinic.ok(["patient", "allergy", "add", "R-1", "--compound", "thiamine", "--criticality", "low"])
        #expect(try clinic.rules("R-1", "REVIT-FACE").contains("reaction"))

        // The assessment lifts it: the allergy rules now judge the allergy it was.
        let allergy = try clinic.id("SELECT a.id FROM patient_allergy a JOIN patient p ON p.id = a.patient_id WHERE p.mrn = 'R-1'")
        let assessed = try clinic.ok(
            ["session", "adverse-event", "assess", String(event), "--allergy", String(allergy), "--reason", "positive intradermal test to thiamine"])
        #expect(assessed["finding"] as? String == "allergy")
        #expect(assessed["recorded_login"] is String)
        #expect(try clinic.rules("R-1", "REVIT-FACE").isEmpty)
        #expect(Set(try clinic.rules("R-1", "REVIT-FACE", severity: "warn")) == ["allergy"], "the thiamine allergy, low: warnings")
    }

    @Test func aSevereEventOfAnyKindBlocksAndAMildOneOfAnotherKindDoesNot() throws {
        let mild = try patientWithSession("R-2")
        _ = try event(mild, "redness", "mild")
        _ = try event(mild, "swelling", "moderate")
        #expect(try clinic.rules("R-2", "REVIT-FACE").isEmpty, "redness and swelling are what mesotherapy does")

        let severe = try patientWithSession("R-3")
        let event = try event(severe, "swelling", "severe")
        #expect(try clinic.rules("R-3", "REVIT-FACE") == ["reaction"])
        try clinic.ok(["session", "adverse-event", "assess", String(event), "--not-allergic", "--reason", "trauma from a deep injection"])
        #expect(try clinic.rules("R-3", "REVIT-FACE").isEmpty)
    }

    @Test func aReactionAfterASessionSharingNoCompoundDoesNotBlock() throws {
        // REVIT-LIDO (polyrevitaliser, lidocaine) against SKIN-BOOST (low and high molecular weight HA):
        // nothing shared but saline.
        let session = try patientWithSession("R-4")
        _ = try event(session, "allergic-reaction", "moderate")
        try clinic.receive("HA-BOOST-2")
        #expect(try clinic.rules("R-4", "SKIN-BOOST").isEmpty)
        #expect(try clinic.rules("R-4", "REVIT-LIDO").contains("reaction"))
    }

    @Test func theReactionBlockIsOverriddenByName() throws {
        let session = try patientWithSession("R-5")
        _ = try event(session, "allergic-reaction", "mild")
        let tables = ["session", "session_override"]
        let refused = try clinic.fails(["session", "record", "--patient", "R-5", "--formula", "REVIT-FACE"], 3, tables: tables)
        #expect((refused["message"] as? String)?.contains("no override names reaction") == true)
        let recorded = try clinic.ok(
            ["session", "record", "--patient", "R-5", "--formula", "REVIT-FACE", "--override", "reaction:itching only, antihistamine given"])
        #expect((recorded["overrides"] as? [[String: Any]])?.map { $0["rule"] as? String } == ["reaction"])
    }

    @Test func onlyAPractitionerAssessesWithAnAllergyOfTheSamePatient() throws {
        let session = try patientWithSession("R-6")
        let event = try event(session, "allergic-reaction", "severe")
        let tables = ["adverse_event_assessment"]
        let other = try clinic.id("SELECT a.id FROM patient_allergy a JOIN patient p ON p.id = a.patient_id WHERE p.mrn = 'MRN-0002'")
        let wrong = try clinic.fails(
            ["session", "adverse-event", "assess", String(event), "--allergy", String(other), "--reason", "x"], 65, tables: tables)
        #expect(wrong["field"] as? String == "--allergy")
        try clinic.fails(["session", "adverse-event", "assess", String(event), "--reason", "x"], 65, tables: tables)
        try clinic.fails(
            ["session", "adverse-event", "assess", String(event), "--not-allergic", "--allergy", String(other), "--reason", "x"],
            65, tables: tables)
        try clinic.fails(["session", "adverse-event", "assess", "999999", "--not-allergic", "--reason", "x"], 65, tables: tables)

        let logins = try ClinicLogins("rea", database: clinic.database)
        defer { logins.drop() }
        for login in [logins.pharmacist, logins.auditor] {
            let cli = MesoCLI(databaseURL: try clinic.database.url(asUser: login), actor: "someone")
            try clinic.fails(
                ["session", "adverse-event", "assess", String(event), "--not-allergic", "--reason", "x"], 77, tables: tables, as: cli)
        }
        let practitioner = try PostgresConnection(try clinic.database.url(asUser: logins.practitioner))
        try practitioner.query(
            "INSERT INTO adverse_event_assessment (adverse_event_id, finding, reason, recorded_by) VALUES (\(event), 'not-allergic', 'seen', 'Dr A')")
        expectDenied(practitioner, "DELETE FROM adverse_event_assessment")
        expectDenied(practitioner, "UPDATE adverse_event_assessment SET reason = 'changed'")
        #expect(try clinic.rules("R-6", "REVIT-FACE").isEmpty)
    }
}
