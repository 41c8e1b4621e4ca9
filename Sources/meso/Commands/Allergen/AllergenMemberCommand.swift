import ArgumentParser
import MesoCore

struct AllergenMemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Add a compound to an allergen group or remove it; every change is kept.",
        subcommands: [AllergenMemberAdd.self, AllergenMemberRemove.self]
    )
}

struct AllergenMemberAdd: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an existing compound to an allergen group: an allergy to the group reaches it.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The allergen group code.")
    var group: String

    @Argument(help: "The compound code.")
    var compound: String

    func validate() throws {
        try options.checkingInput {
            _ = try FieldText.code(group, field: "GROUP", upperCase: false)
            _ = try FieldText.code(compound, field: "COMPOUND", upperCase: false)
        }
    }

    func run() throws {
        let group = try options.catalogService().changeMember(group: group, compound: compound, adding: true)
        options.print(
            AllergenGroupPresentation.details(group, notes: ["\(compound.lowercased()) added to \(group.code); the change is kept."]))
    }
}

struct AllergenMemberRemove: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a compound from an allergen group.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The allergen group code.")
    var group: String

    @Argument(help: "The compound code.")
    var compound: String

    func validate() throws {
        try options.checkingInput {
            _ = try FieldText.code(group, field: "GROUP", upperCase: false)
            _ = try FieldText.code(compound, field: "COMPOUND", upperCase: false)
        }
    }

    func run() throws {
        let group = try options.catalogService().changeMember(group: group, compound: compound, adding: false)
        options.print(
            AllergenGroupPresentation.details(
                group, notes: ["\(compound.lowercased()) removed from \(group.code); the change is kept."]))
    }
}
