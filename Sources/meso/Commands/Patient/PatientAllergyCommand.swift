import ArgumentParser

struct PatientAllergyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allergy",
        abstract: "Record an allergy, amend one, or record that the patient has no known allergies.",
        subcommands: [PatientAllergyAdd.self, PatientAllergyUpdate.self, PatientAllergyNone.self]
    )
}
