#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ArgumentParser
import MesoCore

struct StockCount: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Record a physical count of a lot (--ml is what was counted, 0 when empty): the difference from the ledger is written as an adjustment.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var volume: LotVolumeArguments

    func request() throws(MesoError) -> LotVolumeArguments.Request {
        try volume.request(allowingZero: true)
    }

    func run(_ request: LotVolumeArguments.Request) throws {
        let update = try options.service(StockService.self).count(request.lot, countedML: request.ml, reason: request.reason)
        let adjustment = update.quantityML
        let note =
            adjustment == 0
            ? "\(update.lot.label): the count agrees with the ledger; a zero adjustment records it."
            : "\(update.lot.label): adjusted by \(adjustment.fixed(scale: 3)) mL to the \(request.ml.value.fixed(scale: 3)) mL counted."
        options.print(LotPresentation.updated(update, note))
    }
}
