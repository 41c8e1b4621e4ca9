import ArgumentParser
import MesoCore

struct ProductShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a product and the strength of each ingredient.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The product code.")
    var code: String

    func request() throws(MesoError) -> String {
        try FieldText.code(code, field: "CODE", upperCase: true)
    }

    func run(_ code: String) throws {
        options.print(ProductPresentation.details(try options.service(CatalogService.self).product(code)))
    }
}
