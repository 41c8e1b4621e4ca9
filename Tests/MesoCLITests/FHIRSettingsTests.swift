import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// What the export's identity and codes come from: the clinic's identifier system and the public
/// codes of compounds, both kept with their history.
@Suite("meso clinic set --identifier-system, compound update")
struct FHIRSettingsTests {
    @Test func theIdentifierSystemIsTheClinicsAndOnlyTheOwnerChangesIt() throws {
        let database = try TestDatabase.seeded("cli_fhir_identifier_system")
        let owner = MesoCLI(databaseURL: database.url, actor: "Nadia Haddad")
        let before = try ExportedBundle(try owner.run(["export", "fhir", "--patient", "MRN-0006"]).stdout)
        let logins = try ClinicLogins("fhirsys", database: database)
        defer { logins.drop() }
        let practitioner = MesoCLI(databaseURL: try database.url(asUser: logins.practitioner), actor: "Dr Lee")
        let refused = try practitioner.run(["clinic", "set", "--identifier-system", "https://clinic.example/ids"])
        #expect(refused.status == 77 && refused.isOneSentenceError, "\(refused)")
        for bad in ["clinic ids", "urn:uuid:1234", "https://clinic.example/ids#x", "https://", "http://a|b"] {
            let outcome = try owner.run(["clinic", "set", "--identifier-system", bad, "--format", "json"])
            let field = try outcome.jsonError()["field"] as? String
            #expect(outcome.status == 65 && field == "--identifier-system", "\(bad): \(outcome)")
        }
        #expect(try owner.run(["clinic", "set"]).status == 64)

        let set = try owner.run(["clinic", "set", "--identifier-system", "https://clinic.example/ids", "--format", "json"])
        #expect(set.status == 0, "\(set)")
        let clinic = try #require(try set.json() as? [String: Any])
        let change = try #require((clinic["history"] as? [[String: Any]])?.last)
        #expect(change["setting"] as? String == "identifier_system" && change["value_after"] as? String == "https://clinic.example/ids")
        #expect(change["value_before"] as? String == before.resources("Patient").first.flatMap { ($0["identifier"] as? [[String: Any]])?.first?["system"] as? String })
        #expect(change["changed_by"] as? String == "Nadia Haddad")

        let after = try ExportedBundle(try owner.run(["export", "fhir", "--patient", "MRN-0006"]).stdout)
        let identifiers = after.resources.flatMap { ($0["identifier"] as? [[String: Any]]) ?? [] }
        #expect(!identifiers.isEmpty && identifiers.allSatisfy { $0["system"] as? String == "https://clinic.example/ids" })
        // Other fullUrls under another system, the same meso ids under each.
        #expect(Set(after.entries.compactMap { $0["fullUrl"] as? String }).isDisjoint(with: before.entries.compactMap { $0["fullUrl"] as? String }))
        #expect(after.resources.map(ExportedBundle.identifier) == before.resources.map(ExportedBundle.identifier))
    }

    @Test func aCompoundsPublicCodesAreAddedRemovedAndKept() throws {
        let database = try TestDatabase.seeded("cli_compound_codes")
        let admin = try database.connect()
        let logins = try ClinicLogins("codes", database: database)
        defer { logins.drop() }
        let pharmacist = MesoCLI(databaseURL: try database.url(asUser: logins.pharmacist), actor: "Pat Pharmacist")
        let practitioner = MesoCLI(databaseURL: try database.url(asUser: logins.practitioner), actor: "Dr Lee")
        let atc = "http://www.whocc.no/atc|N01BB02"
        let snomed = "http://snomed.info/sct|387480006"

        let added = try pharmacist.run(["compound", "update", "lidocaine", "--code", atc, "--code", snomed, "--format", "json"])
        #expect(added.status == 0, "\(added)")
        let codes = try #require((try added.json() as? [String: Any])?["codes"] as? [[String: Any]])
        #expect(codes.map { "\($0["system"]!)|\($0["code"]!)" } == [snomed, atc])
        #expect(try pharmacist.run(["compound", "show", "lidocaine"]).stdout.contains("N01BB02"))

        // What the database refuses, one sentence naming the flag, nothing written.
        let count = { try admin.query("SELECT count(*) AS n FROM compound_coding_change").rows[0].decode("n", as: Int.self) }
        #expect(try count() == 2)
        for (arguments, field) in [
            (["--code", atc], "--code"), (["--remove-code", "http://www.whocc.no/atc|X"], "--remove-code"),
            (["--code", "N01BB02"], "--code"), (["--code", atc, "--remove-code", atc], "--remove-code"),
            (["--code", snomed + "9", "--code", atc], "--code"),
        ] {
            let outcome = try pharmacist.run(["compound", "update", "lidocaine"] + arguments + ["--format", "json"])
            let named = try outcome.jsonError()["field"] as? String
            #expect(outcome.status == 65 && named == field, "\(arguments): \(outcome)")
        }
        #expect(try count() == 2, "a refused update writes none of its codes")
        let unknown = try pharmacist.run(["compound", "update", "nope", "--code", atc])
        #expect(unknown.status == 65 && unknown.isOneSentenceError, "\(unknown)")
        #expect(try pharmacist.run(["compound", "update", "lidocaine"]).status == 64)
        let notPharmacist = try practitioner.run(["compound", "update", "lidocaine", "--remove-code", atc])
        #expect(notPharmacist.status == 77 && notPharmacist.isOneSentenceError, "\(notPharmacist)")

        #expect(try pharmacist.run(["compound", "update", "lidocaine", "--remove-code", atc, "--name", "lidocaine HCl"]).status == 0)
        let history = try admin.query(
            "SELECT system, code, change, recorded_by, recorded_login FROM compound_coding_change ORDER BY id"
        ).rows.map { "\(try $0.decode("code", as: String.self)) \(try $0.decode("change", as: String.self)) \(try $0.decode("recorded_by", as: String.self)) \(try $0.decode("recorded_login", as: String.self))" }
        #expect(history == [
            "N01BB02 added Pat Pharmacist \(logins.pharmacist)", "387480006 added Pat Pharmacist \(logins.pharmacist)",
            "N01BB02 removed Pat Pharmacist \(logins.pharmacist)",
        ])
        let current = try admin.query("SELECT system || '|' || code AS c FROM compound_coding WHERE compound_code = 'lidocaine'").rows
        #expect(try current.map { try $0.decode("c", as: String.self) } == [snomed])
        let renamed = try admin.query("SELECT name_before, name_after FROM compound_name_change").rows
        let after = try renamed.first?.decode("name_after", as: String.self)
        #expect(renamed.count == 1 && after == "lidocaine HCl")
        #expect(try admin.query("SELECT name FROM compound WHERE code = 'lidocaine'").rows[0].decode("name", as: String.self) == "lidocaine HCl")
        expectDenied(try PostgresConnection(try database.url(asUser: logins.pharmacist)), "DELETE FROM compound_coding_change")
        #expect(throws: PostgresError.self) { try admin.query("UPDATE compound_coding_change SET code = 'X'") }

        // A compound added with its codes.
        let new = try pharmacist.run(["compound", "add", "articaine-x", "--name", "articaine", "--class", "anaesthetic", "--code", "http://www.whocc.no/atc|N01BB08"])
        #expect(new.status == 0 && new.stdout.contains("N01BB08"), "\(new)")
    }

    /// Schema/0016 upgrades a database migrated to 0011 that holds data.
    @Test func theMigrationUpgradesADatabaseWithData() throws {
        let database = try TestDatabase.create("fhir_upgrade", migrated: false)
        let connection = try database.connect()
        let all = try Migration.load(from: ProjectPaths.schema)
        try SchemaMigrator(migrations: all.filter { $0.version < 16 }).migrate(on: connection, actor: "test")
        try database.seed()
        try SchemaMigrator(migrations: all).migrate(on: connection, actor: "test")
        #expect(try connection.query("SELECT count(*) AS n FROM compound_coding").rows[0].decode("n", as: Int.self) == 0)
        let meso = MesoCLI(databaseURL: database.url)
        #expect(try meso.run(["compound", "update", "lidocaine", "--code", "http://www.whocc.no/atc|N01BB02"]).status == 0)
        #expect(try meso.run(["export", "fhir", "--patient", "MRN-0001"]).status == 0)
    }
}
