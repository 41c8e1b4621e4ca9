import ArgumentParser
import MesoCore

struct AllergenAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an allergen group (compounds join it with compound add --group).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The group code: lower-case letters, digits and '-'.")
    var group: String

    @Option(help: "The group's name.")
    var name: String

    @Option(help: "A note for whoever reads the check's findings.")
    var note: String?

    func request() throws(MesoError) -> NewAllergenGroup {
        NewAllergenGroup(
            code: try AllergenGroupCode(group, field: "GROUP"), name: try Name(name, field: .name),
            note: try Note(note, field: .note))
    }

    func run(_ request: NewAllergenGroup) throws {
        options.print(AllergenGroupPresentation.added(try options.service(CatalogService.self).add(request)))
    }
}
