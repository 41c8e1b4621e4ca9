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

/// `member add` and `member remove`: the same arguments, one change or its opposite.
protocol AllergenMemberChange: RequestCommand where Request == AllergenMemberArguments.Request {
    /// Whether the compound joins the group (else it leaves it).
    static var adding: Bool { get }
    var member: AllergenMemberArguments { get }
}

extension AllergenMemberChange {
    func request() throws(MesoError) -> Request { try member.request() }
    func run(_ request: Request) throws { try member.change(request, adding: Self.adding, options) }
}

struct AllergenMemberAdd: AllergenMemberChange {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an existing compound to an allergen group: an allergy to the group reaches it.")
    static let adding = true

    @OptionGroup var options: GlobalOptions
    @OptionGroup var member: AllergenMemberArguments
}

struct AllergenMemberRemove: AllergenMemberChange {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove a compound from an allergen group.")
    static let adding = false

    @OptionGroup var options: GlobalOptions
    @OptionGroup var member: AllergenMemberArguments
}
