import ArgumentParser

struct PatientAllergyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allergy",
        abstract: "Record an allergy, or that the patient has no known allergies.",
        subcommands: [PatientAllergyAdd.self, PatientAllergyNone.self]
    )
}
