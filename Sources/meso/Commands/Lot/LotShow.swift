import ArgumentParser
import MesoCore

struct LotShow: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a lot, its ledger with the balance after each row, and its status history.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var lot: LotArguments

    func validate() throws {
        try options.checkingInput { _ = try lot.reference() }
    }

    func run() throws {
        options.print(LotPresentation.history(try options.stockService().history(of: try lot.reference())))
    }
}
