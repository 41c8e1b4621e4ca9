import ArgumentParser

struct PatientMedicationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medication", abstract: "Record a medicine or supplement the patient takes, and when it was stopped.",
        subcommands: [PatientMedicationAdd.self, PatientMedicationStop.self]
    )
}
