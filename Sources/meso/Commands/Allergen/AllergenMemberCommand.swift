import ArgumentParser
import MesoCore

struct AllergenMemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Add a compound to an allergen group or remove it; every change is kept.",
        subcommands: [AllergenMemberAdd.self, AllergenMemberRemove.self]
    )
}

/// The group and the compound `member add` and `member remove` take, and the change they make.
struct AllergenMemberArguments: ParsableArguments {
    @Argument(help: "The allergen group code.")
    var group: String

    @Argument(help: "The compound code.")
    var compound: String

    /// The group and the compound codes, checked.
    func request() throws(MesoError) -> (group: String, compound: String) {
        (try FieldText.code(group, field: "GROUP", upperCase: false), try FieldText.code(compound, field: "COMPOUND", upperCase: false))
    }

    func change(adding: Bool, _ options: GlobalOptions) throws {
        let changed = try options.service(CatalogService.self).changeMember(group: group, compound: compound, adding: adding)
        let done = adding ? "added to" : "removed from"
        options.print(
            AllergenGroupPresentation.details(changed, notes: ["\(compound.lowercased()) \(done) \(changed.code); the change is kept."]))
    }
}

struct AllergenMemberAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an existing compound to an allergen group: an allergy to the group reaches it.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var member: AllergenMemberArguments

    func request() throws(MesoError) -> (group: String, compound: String) { try member.request() }
    func run(_ request: (group: String, compound: String)) throws { try member.change(adding: true, options) }
}

struct AllergenMemberRemove: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a compound from an allergen group.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var member: AllergenMemberArguments

    func request() throws(MesoError) -> (group: String, compound: String) { try member.request() }
    func run(_ request: (group: String, compound: String)) throws { try member.change(adding: false, options) }
}
