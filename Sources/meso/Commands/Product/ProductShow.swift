import ArgumentParser
import MesoCore

struct ProductShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a product and the strength of each ingredient.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The product code.")
    var code: String

    func request() throws(MesoError) -> ProductCode {
        try ProductCode(code, field: "CODE")
    }

    func run(_ code: ProductCode) throws {
        options.print(ProductPresentation.details(try options.service(CatalogService.self).product(code)))
    }
}
