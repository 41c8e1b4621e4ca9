import ArgumentParser

struct ClinicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "clinic",
        abstract: "Show or set the clinic's settings: its time zone, whose calendar day every day-based rule uses, and its identifier system.",
        subcommands: [ClinicShow.self, ClinicSet.self]
    )
}
