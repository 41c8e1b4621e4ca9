import ArgumentParser
import MesoCore

struct StockWaste: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "waste", abstract: "Write a volume off a lot as waste (a broken vial, a spill).")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var volume: LotVolumeArguments

    func validate() throws {
        try options.checkingInput { _ = try volume.request(allowingZero: false) }
    }

    func run() throws {
        let request = try volume.request(allowingZero: false)
        let update = try options.stockService().waste(request.lot, ml: request.ml, reason: request.reason)
        options.print(
            LotPresentation.updated(update, "\(update.lot.label): \(request.ml.fixed(scale: 3)) mL written off as waste."))
    }
}
