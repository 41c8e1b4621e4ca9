import ArgumentParser
import MesoCore

struct ProductList: MesoCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the products.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        options.print(ProductPresentation.listing(try options.service(CatalogService.self).products()))
    }
}
