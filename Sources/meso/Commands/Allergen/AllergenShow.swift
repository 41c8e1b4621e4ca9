import ArgumentParser
import MesoCore

struct AllergenShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an allergen group and its members.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The group code (amide-anaesthetics).")
    var group: String

    func request() throws(MesoError) -> String {
        try FieldText.code(group, field: "GROUP", upperCase: false)
    }

    func run(_ code: String) throws {
        options.print(AllergenGroupPresentation.details(try options.service(CatalogService.self).allergenGroup(code)))
    }
}
