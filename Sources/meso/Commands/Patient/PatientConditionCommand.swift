import ArgumentParser

struct PatientConditionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "condition", abstract: "Record a condition the check must know about, and its end.",
        subcommands: [PatientConditionAdd.self, PatientConditionEnd.self]
    )
}
