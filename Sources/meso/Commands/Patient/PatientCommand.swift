import ArgumentParser

struct PatientCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "patient",
        abstract: "Patients and what the pre-session check reads about them.",
        subcommands: [
            PatientAdd.self, PatientList.self, PatientShow.self, PatientUpdate.self, PatientAllergyCommand.self,
            PatientConditionCommand.self, PatientMedicationCommand.self,
        ]
    )
}
