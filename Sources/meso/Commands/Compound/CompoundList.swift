import ArgumentParser
import MesoCore

struct CompoundList: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List compounds, by class.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var filter: ClassOption<CompoundClass>

    func request() throws(MesoError) -> CompoundClass? {
        try filter.request()
    }

    func run(_ request: CompoundClass?) throws {
        options.print(CompoundPresentation.listing(try options.service(CatalogService.self).compounds(in: request)))
    }
}
