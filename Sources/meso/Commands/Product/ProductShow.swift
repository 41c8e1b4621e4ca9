import ArgumentParser
import MesoCore

struct ProductShow: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a product and the strength of each ingredient.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The product code.")
    var code: String

    func validate() throws {
        try options.checkingInput { _ = try FieldText.code(code, field: "CODE", upperCase: true) }
    }

    func run() throws {
        let code = try FieldText.code(code, field: "CODE", upperCase: true)
        options.print(ProductPresentation.details(try options.catalogService().product(code)))
    }
}
