import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("meso clinic")
struct ClinicCommandTests {
    @Test func aNewDatabaseIsOnUTCWithAnIdentifierSystemOfItsOwn() throws {
        let first = try TestDatabase.create("cli_clinic_new_a")
        let second = try TestDatabase.create("cli_clinic_new_b")
        var systems: [String] = []
        for database in [first, second] {
            let shown = try MesoCLI(databaseURL: database.url).run(["clinic", "show", "--format", "json"])
            #expect(shown.status == 0, "\(shown)")
            let clinic = try #require(try shown.json() as? [String: Any])
            #expect(clinic["time_zone"] as? String == "UTC")
            #expect((clinic["history"] as? [Any])?.isEmpty == true)
            let today = try database.connect().query("SELECT (now() AT TIME ZONE 'UTC')::date::text AS today").rows[0]
            #expect(clinic["today"] as? String == (try today.decode("today", as: String.self)))
            systems.append(try #require(clinic["identifier_system"] as? String))
        }
        #expect(systems.allSatisfy { $0.hasPrefix("urn:uuid:") })
        #expect(systems[0] != systems[1])
    }

    @Test func settingTheZoneMovesTheClinicDayAndKeepsTheChange() throws {
        let database = try TestDatabase.create("cli_clinic_set")
        let admin = try database.connect()
        let meso = MesoCLI(databaseURL: database.url, actor: "Nadia Haddad")
        func clinicDay(_ time: String) throws -> String {
            try admin.query("SELECT public.meso_clinic_day(\(time)::timestamptz)::text AS day").rows[0].decode("day")
        }
        // 23:30 UTC on the 4th is already the 5th in Dubai (UTC+4), and still the 4th in UTC.
        #expect(try clinicDay("2026-12-04T23:30:00Z") == "2026-12-04")

        let set = try meso.run(["clinic", "set", "--time-zone", "Asia/Dubai", "--format", "json"])
        #expect(set.status == 0, "\(set)")
        let clinic = try #require(try set.json() as? [String: Any])
        #expect(clinic["time_zone"] as? String == "Asia/Dubai")
        #expect(try clinicDay("2026-12-04T23:30:00Z") == "2026-12-05")
        #expect(try clinicDay("2026-12-04T19:59:59Z") == "2026-12-04")
        #expect(try clinicDay("2026-12-04T20:00:00Z") == "2026-12-05")

        let history = try #require(clinic["history"] as? [[String: Any]])
        #expect(history.count == 1)
        #expect(history.first?["setting"] as? String == "time_zone")
        #expect(history.first?["value_before"] as? String == "UTC")
        #expect(history.first?["value_after"] as? String == "Asia/Dubai")
        #expect(history.first?["changed_by"] as? String == "Nadia Haddad")
        #expect(history.first?["changed_login"] as? String == admin.user)

        // Setting the same zone again records nothing; a second zone is a second change.
        let again = try meso.run(["clinic", "set", "--time-zone", "Asia/Dubai"])
        #expect(again.status == 0)
        #expect(again.stdout.contains("already Asia/Dubai"))
        #expect(try meso.run(["clinic", "set", "--time-zone", "America/Argentina/Buenos_Aires"]).status == 0)
        let shown = try #require(try meso.run(["clinic", "show", "--format", "json"]).json() as? [String: Any])
        let changes = try #require(shown["history"] as? [[String: Any]])
        #expect(changes.map { $0["value_after"] as? String } == ["Asia/Dubai", "America/Argentina/Buenos_Aires"])
        #expect(try clinicDay("2026-12-05T02:30:00Z") == "2026-12-04")
    }

    @Test func aZoneThatIsNotAnAreaCityNameTheDatabaseKnowsIsRefused() throws {
        let database = try TestDatabase.create("cli_clinic_bad")
        let meso = MesoCLI(databaseURL: database.url)
        for zone in ["EST", "CET", "UTC+3", "+04", "Europe/Nowhere", "europe/paris", "Europe/Paris ; DROP", "", " "] {
            for format in ["table", "json"] {
                let refused = try meso.run(["clinic", "set", "--time-zone", zone, "--format", format])
                #expect(refused.status == 65, "\(zone): \(refused)")
                if format == "json" {
                    let error = try refused.jsonError()
                    #expect(error["field"] as? String == "--time-zone")
                    #expect(error["error"] as? String == "invalid_input")
                } else {
                    #expect(refused.isOneSentenceError, "\(refused)")
                    #expect(refused.stderr.contains("--time-zone"))
                }
            }
        }
        let rows = try database.connect().query(
            "SELECT time_zone, (SELECT count(*) FROM clinic_change) AS changes FROM clinic")
        #expect(try rows.rows[0].decode("time_zone", as: String.self) == "UTC")
        #expect(try rows.rows[0].decode("changes", as: Int.self) == 0)
    }

    @Test func theDatabaseRefusesAnAbbreviationAndKeepsTheRowWhoeverWrites() throws {
        let database = try TestDatabase.create("cli_clinic_guard")
        let admin = try database.connect()
        for statement: PostgresQuery in [
            "UPDATE clinic SET time_zone = 'CET'", "UPDATE clinic SET time_zone = 'UTC+3'",
            "DELETE FROM clinic", "TRUNCATE clinic_change", "INSERT INTO clinic (singleton, changed_by) VALUES (false, 'x')",
        ] {
            #expect(throws: PostgresError.self, "\(statement.sql)") { try admin.query(statement) }
        }
        // The server stamps when and which login, whatever the writer sends.
        try admin.query(
            "UPDATE clinic SET time_zone = 'Europe/Paris', changed_by = 'x', changed_at = '2001-01-01', changed_login = 'someone'")
        let row = try admin.query(
            "SELECT changed_at > now() - interval '1 minute' AS recent, changed_login FROM clinic").rows[0]
        #expect(try row.decode("recent", as: Bool.self))
        #expect(try row.decode("changed_login", as: String.self) == admin.user)
    }

    @Test func onlyTheSchemaOwnerChangesTheSettings() throws {
        let database = try TestDatabase.create("cli_clinic_roles")
        let logins = try ClinicLogins("clinic", database: database)
        defer { logins.drop() }
        for login in [logins.pharmacist, logins.practitioner, logins.auditor] {
            let meso = MesoCLI(databaseURL: try database.url(asUser: login))
            let shown = try meso.run(["clinic", "show"])
            #expect(shown.status == 0, "\(login): \(shown)")
            let refused = try meso.run(["clinic", "set", "--time-zone", "Europe/Paris"])
            #expect(refused.status == 77, "\(login): \(refused)")
            #expect(refused.stderr.contains("schema's owner"), "\(refused)")
        }
        let zone = try database.connect().query("SELECT time_zone FROM clinic").rows[0]
        #expect(try zone.decode("time_zone", as: String.self) == "UTC")
    }
}
