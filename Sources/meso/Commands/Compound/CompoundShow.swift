import ArgumentParser
import MesoCore

struct CompoundShow: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a compound, its allergen groups and the products that contain it.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The compound code (lidocaine).")
    var code: String

    func validate() throws {
        try options.checkingInput { _ = try FieldText.code(code, field: "CODE", upperCase: false) }
    }

    func run() throws {
        let code = try FieldText.code(code, field: "CODE", upperCase: false)
        options.print(CompoundPresentation.details(try options.catalogService().compound(code)))
    }
}
