import Foundation
import MesoCore
import PostgresClient

/// The benchmark's own database, dropped and made afresh on the server meso uses: migrated with
/// Schema/ and seeded with Fixtures/ by meso's own migrator and seeder.
struct BenchDatabase {
    /// The package root, from this file's place in Sources/MesoBench/.
    static let projectRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    let name: String
    let url: String

    /// `--database-url`, else `MESO_DATABASE_URL`, else the project's private cluster
    /// (`Scripts/db start`, then `Scripts/db url`).
    static func serverURL(_ given: String?) throws -> String {
        if let given, !given.isEmpty { return given }
        if let url = ProcessInfo.processInfo.environment["MESO_DATABASE_URL"], !url.isEmpty { return url }
        let script = projectRoot + "/Scripts/db"
        let start = try ProcessRunner.run(script, ["start"])
        guard start.status == 0 else { throw BenchError("Scripts/db start failed: \(start.stderr)") }
        let url = try ProcessRunner.run(script, ["url"])
        guard url.status == 0 else { throw BenchError("Scripts/db url failed: \(url.stderr)") }
        return url.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Drops `name` if it exists, creates it, migrates and seeds it. The role must be a superuser:
    /// the history is imported with triggers off (`session_replication_role`).
    static func create(named name: String, server: String) throws -> BenchDatabase {
        let admin = try PostgresConnection(try ConnectionString.replacing("dbname", with: "postgres", in: server))
        let superuser = try admin.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").first?
            .decode("rolsuper", as: Bool.self) ?? false
        guard superuser else {
            throw BenchError("The benchmark loads its history as a superuser; \(admin.user) is not one.")
        }
        try admin.query("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
        try admin.query("CREATE DATABASE \(identifier: name)")
        let database = BenchDatabase(name: name, url: try ConnectionString.replacing("dbname", with: name, in: server))
        let connection = try database.connect()
        let migrator = SchemaMigrator(migrations: try Migration.load(from: projectRoot + "/Schema"))
        _ = try migrator.migrate(on: connection, actor: "bench")
        _ = try FixtureSeeder(directory: projectRoot + "/Fixtures", actor: try Actor("bench")).seed(on: connection)
        return database
    }

    func connect(applicationName: String = "meso-bench") throws -> PostgresConnection {
        try PostgresConnection(url, applicationName: applicationName)
    }

    func drop(server: String) throws {
        let admin = try PostgresConnection(try ConnectionString.replacing("dbname", with: "postgres", in: server))
        try admin.query("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
    }
}
