import ArgumentParser
import MesoCore

struct StockDiscard: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "discard",
        abstract: "Write off, as waste, every open vial of a lot past its beyond-use day (its in-use period or the lot's expiry).")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var lot: LotArguments

    func request() throws(MesoError) -> LotRef {
        try lot.reference()
    }

    func run(_ request: LotRef) throws {
        let update = try options.service(StockService.self).discard(request)
        let vials = update.movements.compactMap(\.vialID).map(String.init).joined(separator: ", ")
        options.print(
            LotPresentation.updated(
                update, "\(update.lot.label): open vial \(vials) discarded, \((-update.quantityML).fixed(scale: 3)) mL written off as waste."))
    }
}
