import ArgumentParser
import MesoCore

struct AllergenShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show an allergen group and its members.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The group code (amide-anaesthetics).")
    var group: String

    func request() throws(MesoError) -> AllergenGroupCode {
        try AllergenGroupCode(group, field: "GROUP")
    }

    func run(_ code: AllergenGroupCode) throws {
        options.print(AllergenGroupPresentation.details(try options.service(CatalogService.self).allergenGroup(code)))
    }
}
