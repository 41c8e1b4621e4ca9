import Foundation
import Testing
import TestSupport

@Suite("meso db")
struct DbCommandTests {
    @Test func migrateThenMigrateAgainThenStatus() throws {
        let database = try TestDatabase.create("cli_db_migrate", migrated: false)
        let meso = MesoCLI(databaseURL: database.url)
        let first = try meso.run(["db", "migrate", "--format", "json"])
        #expect(first.status == 0, "\(first)")
        let applied = try #require(try first.json() as? [[String: Any]])
        #expect(applied.count >= 4)
        #expect(applied.first?["version"] as? Int == 1)

        let second = try meso.run(["db", "migrate"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("up to date"))

        let status = try meso.run(["db", "status", "--format", "csv"])
        #expect(status.status == 0)
        let lines = status.stdout.split(separator: "\r\n")
        #expect(lines.first == "version,name,status,applied_at")
        #expect(lines.dropFirst().allSatisfy { $0.contains(",applied,") })
    }

    @Test func editedMigrationIsAnError() throws {
        let database = try TestDatabase.create("cli_db_tampered", migrated: false)
        let schema = FileManager.default.temporaryDirectory.appendingPathComponent("meso-schema-\(getpid())")
        try? FileManager.default.removeItem(at: schema)
        try FileManager.default.copyItem(atPath: ProjectPaths.schema, toPath: schema.path)
        defer { try? FileManager.default.removeItem(at: schema) }
        let meso = MesoCLI(databaseURL: database.url)
        let environment = ["MESO_SCHEMA_DIR": schema.path]
        #expect(try meso.run(["db", "migrate"], environment: environment).status == 0)

        let first = try #require(try FileManager.default.contentsOfDirectory(atPath: schema.path).sorted().first)
        let handle = try FileHandle(forWritingTo: schema.appendingPathComponent(first))
        handle.seekToEndOfFile()
        handle.write(Data("\n-- an edit after the fact\n".utf8))
        try handle.close()

        let refused = try meso.run(["db", "migrate", "--format", "json"], environment: environment)
        #expect(refused.status == 65, "\(refused)")
        let error = try refused.jsonError()
        #expect(error["error"] as? String == "invalid_input")
        #expect((error["message"] as? String)?.contains("changed") == true)
        let status = try meso.run(["db", "status"], environment: environment)
        #expect(status.stdout.contains("changed"))
        #expect(status.status == 65)
    }

    @Test func unreachableDatabaseExits69WithoutLeakingThePassword() throws {
        let url = "postgresql://meso:hunter2secret@/meso?host=/tmp/meso-nowhere-\(getpid())"
        for format in ["table", "json"] {
            let outcome = try MesoCLI.run(["db", "status", "--database-url", url, "--format", format])
            #expect(outcome.status == 69, "\(outcome)")
            #expect(!outcome.stderr.contains("hunter2secret"))
            #expect(!outcome.stdout.contains("hunter2secret"))
            #expect(outcome.stderr.contains("unreachable"))
        }
    }

    @Test func usageErrorsExit64() throws {
        let unknown = try MesoCLI.run(["db", "migrate", "--no-such-flag"])
        #expect(unknown.status == 64, "\(unknown)")
        let json = try MesoCLI.run(["db", "frobnicate", "--format", "json"])
        #expect(json.status == 64)
        #expect(try json.jsonError()["error"] as? String == "usage")
    }
}
