import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Class links the pharmacist can fix: a compound joins or leaves an allergen group, every change is
/// kept, and the check follows it at once.
@Suite("meso allergen member add | remove")
struct AllergenMemberCommandTests {
    @Test func aCompoundJoinsAndLeavesAGroupAndTheCheckFollows() throws {
        let clinic = try RecordClinic("cli_allergen_members", products: ["HA-BOOST-2"])
        // MRN-0002 is allergic to the cobalt group (high); SKIN-BOOST holds no cobalt compound.
        #expect(try clinic.rules("MRN-0002", "SKIN-BOOST").isEmpty)
        // Suppose a supplier's note shows the HA is stabilised with a cobalt salt: the pharmacist links it.
        let added = try clinic.ok(["allergen", "member", "add", "cobalt", "ha-lmw"], as: clinic.pharmacy)
        #expect((added["members"] as? [[String: Any]])?.contains { $0["code"] as? String == "ha-lmw" } == true)
        let block = try #require(try clinic.findings("MRN-0002", "SKIN-BOOST").first { $0["rule"] as? String == "allergy" })
        #expect(block["severity"] as? String == "block")
        #expect(block["group"] as? String == "cobalt")
        try clinic.ok(["allergen", "member", "remove", "cobalt", "ha-lmw"], as: clinic.pharmacy)
        #expect(try clinic.rules("MRN-0002", "SKIN-BOOST").isEmpty)

        let history = try clinic.admin.query(
            """
            SELECT change, recorded_by, recorded_login FROM allergen_group_member_change
             WHERE group_code = 'cobalt' AND compound_code = 'ha-lmw' ORDER BY id
            """
        ).rows
        #expect(try history.map { try $0.decode("change", as: String.self) } == ["add", "remove"])
        #expect(try history.allSatisfy { try $0.decode("recorded_by", as: String.self) == "pharmacist" })

        // A link twice, a link that is not there, an unknown group or compound: 65, nothing written.
        let tables = ["allergen_group_member", "allergen_group_member_change"]
        try clinic.fails(["allergen", "member", "add", "cobalt", "cyanocobalamin"], 65, tables: tables, as: clinic.pharmacy)
        try clinic.fails(["allergen", "member", "remove", "cobalt", "ha-lmw"], 65, tables: tables, as: clinic.pharmacy)
        try clinic.fails(["allergen", "member", "add", "no-group", "biotin"], 65, tables: tables, as: clinic.pharmacy)
        try clinic.fails(["allergen", "member", "add", "cobalt", "no-compound"], 65, tables: tables, as: clinic.pharmacy)

        // The practitioner fixes no class link; nobody writes the current table itself.
        let logins = try ClinicLogins("mem", database: clinic.database)
        defer { logins.drop() }
        let practitioner = MesoCLI(databaseURL: try clinic.database.url(asUser: logins.practitioner), actor: "Dr Amani")
        try clinic.fails(["allergen", "member", "add", "cobalt", "biotin"], 77, tables: tables, as: practitioner)
        let pharmacist = try PostgresConnection(try clinic.database.url(asUser: logins.pharmacist))
        expectDenied(pharmacist, "INSERT INTO allergen_group_member (group_code, compound_code, added_by) VALUES ('cobalt', 'biotin', 'x')")
        expectDenied(pharmacist, "DELETE FROM allergen_group_member WHERE group_code = 'cobalt'")
        expectDenied(pharmacist, "DELETE FROM allergen_group_member_change")

        // Seeding again does not undo the pharmacist's removal of a seeded link.
        try clinic.ok(["allergen", "member", "remove", "cobalt", "hydroxocobalamin"], as: clinic.pharmacy)
        try clinic.database.seed()
        #expect(try clinic.admin.query(
            "SELECT 1 FROM allergen_group_member WHERE group_code = 'cobalt' AND compound_code = 'hydroxocobalamin'").rows.isEmpty)
    }

    @Test func anEsterAllergyWarnsButNeverBlocksForAParabenExcipient() throws {
        let clinic = try RecordClinic("cli_soft_link", products: ["POLYREVIT-5", "LIDO-1-MD", "LIDO-2-MPF"])
        try clinic.ok(["patient", "add", "E-1", "--name", "Ester allergic"])
        try clinic.ok(["patient", "allergy", "add", "E-1", "--compound", "procaine", "--criticality", "high", "--status", "confirmed"])
        try clinic.ok(["patient", "update", "E-1", "--weight-kg", "60"])
        // REVIT-LIDO: lidocaine (an amide: no cross-reaction) in a vial preserved with methylparaben.
        let findings = try clinic.findings("E-1", "REVIT-LIDO")
        #expect(findings.map { $0["severity"] as? String } == ["warn"])
        #expect(findings.first?["compound"] as? String == "methylparaben")
        #expect((findings.first?["message"] as? String)?.contains("disputed") == true)
        #expect(try clinic.check("E-1", "REVIT-LIDO").status == 2)
        // The same lidocaine without preservative: nothing.
        try clinic.ok(["formula", "add", "LIDO-MPF", "--name", "Preservative-free", "--component", "POLYREVIT-5:5", "--component", "LIDO-2-MPF:1"], as: clinic.pharmacy)
        #expect(try clinic.findings("E-1", "LIDO-MPF").isEmpty)
    }
}
