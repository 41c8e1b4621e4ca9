import ArgumentParser
import MesoCore

struct CompoundShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a compound, its allergen groups and the products that contain it.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The compound code (lidocaine).")
    var code: String

    func request() throws(MesoError) -> CompoundCode {
        try CompoundCode(code, field: "CODE")
    }

    func run(_ code: CompoundCode) throws {
        options.print(CompoundPresentation.details(try options.service(CatalogService.self).compound(code)))
    }
}
