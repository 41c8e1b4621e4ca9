import ArgumentParser
import MesoCore

struct CompoundAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a compound, with the allergen groups it belongs to.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The compound code: lower-case letters, digits and '-' (articaine).")
    var code: String

    @Option(help: "The compound's name.")
    var name: String

    @Option(name: .customLong("class"), help: "Its class.")
    var compoundClass: Choice<CompoundClass>

    @Option(help: "Its role (default: excipient for the excipient class, else active).")
    var role: Choice<Compound.Role>?

    @Option(help: "Its source (default: synthetic).")
    var source: Choice<Compound.Source>?

    @Option(name: .customLong("group"), help: "An allergen group it belongs to (repeatable).")
    var groups: [String] = []

    @Option(name: .customLong("code"), help: "A code in a public system, SYSTEM|CODE: 'http://www.whocc.no/atc|N01BB02' (repeatable).")
    var codings: [String] = []

    func request() throws(MesoError) -> NewCompound {
        NewCompound(
            code: try CompoundCode(code, field: "CODE"), name: try Name(name, field: .name),
            class: try compoundClass.value(.compoundClass), role: try role?.value(.role), source: try source?.value(.source),
            groups: try groups.map { text throws(MesoError) in try AllergenGroupCode(text, field: .group) },
            codings: try codings.map { text throws(MesoError) in try CompoundCoding(text, field: "\(.code)") })
    }

    func run(_ request: NewCompound) throws {
        options.print(CompoundPresentation.added(try options.service(CatalogService.self).add(request), codings: request.codings))
    }
}
