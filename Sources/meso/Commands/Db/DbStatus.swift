import ArgumentParser
import MesoCore

struct DbStatus: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List the migrations: applied, pending, or changed since they were applied.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let migrator = SchemaMigrator(migrations: try Migration.load(from: try ProjectFiles.directory("Schema", environment: "MESO_SCHEMA_DIR")))
        let states = try migrator.status(on: try options.connect())
        let rows = states.map { state in
            [
                "version": .integer(state.version), "name": .text(state.name),
                "status": .text(state.status.rawValue), "applied_at": .optional(state.appliedAt, OutputValue.time),
            ] as OutputRecord
        }
        options.print(.listing(OutputTable(key: "migrations", columns: ["version", "name", "status", "applied_at"], rows: rows)))
        if states.contains(where: { $0.status == .changed || $0.status == .missing }) {
            throw MesoError(.invalidInput, "The database does not match Schema/: a migration changed or went missing since it was applied.")
        }
    }
}
