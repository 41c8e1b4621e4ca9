import ArgumentParser
import MesoCore

struct DbSeed: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed",
        abstract: "Load the reference catalog and demo patients from Fixtures/ (idempotent).")

    @OptionGroup var options: GlobalOptions

    @Option(help: "The fixtures directory (default: the project's Fixtures/).")
    var fixtures: String?

    func run() throws {
        let directory = try fixtures ?? ProjectFiles.directory("Fixtures", environment: "MESO_FIXTURES_DIR")
        let connection = try options.connect()
        let seeder = FixtureSeeder(directory: directory, actor: try options.actor(on: connection))
        let report = try seeder.seed(on: connection)
        let rows = report.map { file in
            ["file": .text(file.file), "rows": .integer(file.rowsInFile), "added": .integer(file.rowsAdded)] as OutputRecord
        }
        let added = report.reduce(0) { $0 + $1.rowsAdded }
        options.print(
            .listing(
                OutputTable(key: "files", columns: ["file", "rows", "added"], rows: rows),
                notes: [added == 0 ? "Nothing new: the catalog was already seeded." : "Added \(added) row(s)."]))
    }
}
