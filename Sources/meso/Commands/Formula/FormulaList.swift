import ArgumentParser
import MesoCore

struct FormulaList: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List every formula at its latest version.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let service = try options.service(FormulaService.self)
        options.print(FormulaPresentation.listing(try service.list()))
    }
}
