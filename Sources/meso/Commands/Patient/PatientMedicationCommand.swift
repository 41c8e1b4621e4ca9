import ArgumentParser

struct PatientMedicationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "medication", abstract: "Record a medicine or supplement the patient takes.",
        subcommands: [PatientMedicationAdd.self]
    )
}
