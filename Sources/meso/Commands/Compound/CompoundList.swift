import ArgumentParser
import MesoCore

struct CompoundList: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List compounds, by class.")

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("class"), help: "Only this class.")
    var compoundClass: Choice<CompoundClass>?

    func request() throws(MesoError) -> CompoundClass? {
        try compoundClass?.value(.compoundClass)
    }

    func run(_ request: CompoundClass?) throws {
        options.print(CompoundPresentation.listing(try options.service(CatalogService.self).compounds(in: request)))
    }
}
