import ArgumentParser

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports for planning stock: expiry and usage.",
        subcommands: [ReportExpiry.self, ReportUsage.self]
    )
}
