import ArgumentParser

struct AllergenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allergen",
        abstract: "Allergen groups: the class links of the allergy check.",
        subcommands: [AllergenList.self, AllergenShow.self, AllergenAdd.self, AllergenMemberCommand.self]
    )
}
