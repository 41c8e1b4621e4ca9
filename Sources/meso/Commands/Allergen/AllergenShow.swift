import ArgumentParser
import MesoCore

struct AllergenShow: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an allergen group and its members.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The group code (amide-anaesthetics).")
    var group: String

    func validate() throws {
        try options.checkingInput { _ = try FieldText.code(group, field: "GROUP", upperCase: false) }
    }

    func run() throws {
        let code = try FieldText.code(group, field: "GROUP", upperCase: false)
        options.print(AllergenGroupPresentation.details(try options.catalogService().allergenGroup(code)))
    }
}
