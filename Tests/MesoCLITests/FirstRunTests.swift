import Foundation
import Testing
import TestSupport

/// What a newcomer meets first: no database named, a mistyped URL, a database without meso's
/// schema or behind this meso's migrations, `--help`, `--version` and a mistyped subcommand.
@Suite("First run")
struct FirstRunTests {
    /// libpq's own variables emptied, so that only meso's options could name a database.
    static let noLibpqServer = [
        "PGHOST": "", "PGHOSTADDR": "", "PGPORT": "", "PGDATABASE": "", "PGSERVICE": "", "PGSERVICEFILE": "",
    ]

    @Test func noDatabaseURLSaysWhatToSetNotASocket() throws {
        for format in ["table", "json"] {
            let outcome = try MesoCLI.run(["lot", "list", "--format", format], environment: Self.noLibpqServer)
            #expect(outcome.status == 69, "\(outcome)")
            #expect(outcome.stderr.contains("set MESO_DATABASE_URL or give --database-url, or run Scripts/db start"), "\(outcome)")
            #expect(!outcome.stderr.contains("socket"), "\(outcome)")
        }
    }

    /// A URL libpq cannot parse is a usage error naming where it came from; one it parses but
    /// cannot reach stays "unreachable" (69).
    @Test func aMalformedURLIsAUsageError() throws {
        let option = try MesoCLI.run(["lot", "list", "--database-url", "=oops", "--format", "json"])
        #expect(option.status == 64, "\(option)")
        let error = try option.jsonError()
        #expect(error["error"] as? String == "usage")
        #expect(error["field"] as? String == "--database-url")
        #expect((error["message"] as? String)?.hasPrefix("--database-url is malformed") == true, "\(option)")
        let environment = try MesoCLI.run(["lot", "list"], environment: ["MESO_DATABASE_URL": "postgresql://a@b/c?x=%zz"])
        #expect(environment.status == 64, "\(environment)")
        #expect(environment.stderr.hasPrefix("meso: MESO_DATABASE_URL is malformed"), "\(environment)")
        let unreachable = try MesoCLI.run(["lot", "list", "--database-url", "host=/tmp/meso-nowhere-\(getpid())"])
        #expect(unreachable.status == 69, "\(unreachable)")
    }

    @Test func aDatabaseWithoutMesosSchemaSaysToMigrate() throws {
        let database = try TestDatabase.create("first_run_empty", migrated: false)
        let meso = MesoCLI(databaseURL: database.url)
        let text = try meso.run(["lot", "list"])
        #expect(text.status == 69, "\(text)")
        #expect(text.stderr == "meso: The database has no meso schema: run meso db migrate.\n", "\(text)")
        let json = try meso.run(["patient", "show", "MRN-1", "--format", "json"])
        #expect(json.status == 69, "\(json)")
        #expect(try json.jsonError()["message"] as? String == "The database has no meso schema: run meso db migrate.")
    }

    @Test func aDatabaseBehindThisMesoSaysHowManyMigrationsArePending() throws {
        let database = try TestDatabase.create("first_run_behind", migrated: false)
        let schema = FileManager.default.temporaryDirectory.appendingPathComponent("meso-schema-behind-\(getpid())")
        try? FileManager.default.removeItem(at: schema)
        try FileManager.default.createDirectory(at: schema, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: schema) }
        let files = try FileManager.default.contentsOfDirectory(atPath: ProjectPaths.schema).filter { $0.hasSuffix(".sql") }.sorted()
        for file in files.prefix(10) {
            try FileManager.default.copyItem(atPath: ProjectPaths.schema + "/" + file, toPath: schema.appendingPathComponent(file).path)
        }
        let meso = MesoCLI(databaseURL: database.url)
        #expect(try meso.run(["db", "migrate"], environment: ["MESO_SCHEMA_DIR": schema.path]).status == 0)
        let behind = try meso.run(["lot", "list"])
        #expect(behind.status == 69, "\(behind)")
        #expect(behind.stderr == "meso: The database has \(files.count - 10) migrations pending: run meso db migrate.\n", "\(behind)")
        #expect(try meso.run(["db", "migrate"]).status == 0)
        #expect(try meso.run(["lot", "list"]).status == 0)
    }

    @Test func helpListsTheGlobalOptionsTheEnvironmentAndTheExitCodes() throws {
        let help = try MesoCLI.run(["--help"])
        #expect(help.status == 0)
        for word in ["--database-url", "--format", "--actor", "MESO_DATABASE_URL", "MESO_ACTOR", "MESO_SCHEMA_DIR", "PGHOST", "--version"] {
            #expect(help.stdout.contains(word), "\(word)")
        }
        for code in ["0", "1", "2", "3", "64", "65", "69", "70", "75", "77"] {
            #expect(help.stdout.contains("\n  \(code) "), "exit code \(code)")
        }
        let version = try MesoCLI.run(["--version"])
        #expect(version.status == 0 && version.stdout.split(separator: ".").count == 3, "\(version)")
    }

    @Test func aMistypedSubcommandGetsASuggestion() throws {
        let root = try MesoCLI.run(["lots"])
        #expect(root.status == 64, "\(root)")
        #expect(root.stderr.hasPrefix("Error: Unknown subcommand 'lots'. Did you mean 'lot'?\nUsage: meso <subcommand>"), "\(root)")
        let nested = try MesoCLI.run(["lot", "recieve", "--format", "json"])
        #expect(nested.status == 64, "\(nested)")
        let error = try nested.jsonError()
        #expect(error["message"] as? String == "Unknown subcommand 'recieve'. Did you mean 'receive'?")
        // A word close to nothing gets no guess.
        let far = try MesoCLI.run(["pharmacy"])
        #expect(far.status == 64 && !far.stderr.contains("Did you mean"), "\(far)")
    }

    /// Every JSON error has the same keys, a usage error from ArgumentParser included.
    @Test func everyJSONErrorHasTheSameKeys() throws {
        let usage = try MesoCLI.run(["lot", "list", "--nope", "--format", "json"])
        let invalid = try MesoCLI.run(["lot", "list", "--status", "lost", "--format", "json", "--database-url", "host=/tmp/x"])
        for outcome in [usage, invalid] {
            let error = try outcome.jsonError()
            #expect(Set(error.keys) == ["error", "message", "field", "exit_code"], "\(outcome)")
        }
        #expect(try usage.jsonError()["field"] is NSNull, "\(usage)")
    }
}
