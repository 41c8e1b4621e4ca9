import ArgumentParser
import MesoCore

struct LotShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a lot, its ledger with the balance after each row, and its status history.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var lot: LotArguments

    func request() throws(MesoError) -> LotRef {
        try lot.reference()
    }

    func run(_ request: LotRef) throws {
        options.print(LotPresentation.history(try options.service(StockService.self).history(of: request)))
    }
}
