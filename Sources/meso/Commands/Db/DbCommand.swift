import ArgumentParser

struct DbCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Apply schema migrations and load the reference catalog.",
        subcommands: [DbMigrate.self, DbStatus.self, DbSeed.self]
    )
}
