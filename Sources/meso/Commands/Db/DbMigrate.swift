import ArgumentParser
import MesoCore

struct DbMigrate: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the pending Schema/ migrations, each in its own transaction.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let migrator = SchemaMigrator(migrations: try Migration.load(from: try ProjectFiles.directory("Schema", environment: "MESO_SCHEMA_DIR")))
        let connection = try options.connect()
        let applied = try migrator.migrate(on: connection, actor: try options.actor(on: connection).name)
        let rows = applied.map { ["version": .integer($0.version), "name": .text($0.name)] as OutputRecord }
        options.print(
            .listing(
                OutputTable(key: "applied", columns: ["version", "name"], rows: rows),
                notes: [applied.isEmpty ? "The schema is up to date." : "Applied \(applied.count) migration(s)."]))
    }
}
