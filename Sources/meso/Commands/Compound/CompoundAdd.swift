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

    @Option(name: .customLong("class"), help: "vitamin, amino-acid, mineral, coenzyme, nucleic-acid, antioxidant, glycosaminoglycan, anaesthetic, silicon, homeopathic, peptide or excipient.")
    var compoundClass: String

    @Option(help: "active or excipient (default: excipient for the excipient class, else active).")
    var role: String?

    @Option(help: "synthetic (default), bacterial-fermentation, avian, bovine, fish, plant or mineral.")
    var source: String?

    @Option(name: .customLong("group"), help: "An allergen group it belongs to (repeatable).")
    var groups: [String] = []

    @Option(name: .customLong("code"), help: "A code in a public system, SYSTEM|CODE: 'http://www.whocc.no/atc|N01BB02' (repeatable).")
    var codings: [String] = []

    func request() throws(MesoError) -> NewCompound {
        try NewCompound(
            code: code, name: name, class: compoundClass, role: role, source: source, groups: groups, codings: codings)
    }

    func run(_ request: NewCompound) throws {
        options.print(CompoundPresentation.added(try options.service(CatalogService.self).add(request), codings: request.codings))
    }
}
