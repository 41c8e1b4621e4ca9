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
    func request() throws(MesoError) -> Request {
        (try AllergenGroupCode(group, field: "GROUP"), try CompoundCode(compound, field: "COMPOUND"))
    }

    typealias Request = (group: AllergenGroupCode, compound: CompoundCode)

    func change(_ request: Request, adding: Bool, _ options: GlobalOptions) throws {
        let changed = try options.service(CatalogService.self).changeMember(
            group: request.group, compound: request.compound, adding: adding)
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

    func request() throws(MesoError) -> AllergenMemberArguments.Request { try member.request() }
    func run(_ request: AllergenMemberArguments.Request) throws { try member.change(request, adding: true, options) }
}

struct AllergenMemberRemove: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a compound from an allergen group.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var member: AllergenMemberArguments

    func request() throws(MesoError) -> AllergenMemberArguments.Request { try member.request() }
    func run(_ request: AllergenMemberArguments.Request) throws { try member.change(request, adding: false, options) }
}
