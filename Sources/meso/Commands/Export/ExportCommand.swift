import ArgumentParser

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export meso's facts in a standard format for other systems.",
        subcommands: [ExportFHIR.self]
    )
}
