import ArgumentParser
import MesoCore

struct AllergenList: MesoCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the allergen groups.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        options.print(AllergenGroupPresentation.listing(try options.service(CatalogService.self).allergenGroups()))
    }
}
