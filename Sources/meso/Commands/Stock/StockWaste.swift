#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ArgumentParser
import MesoCore

struct StockWaste: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "waste", abstract: "Write a volume off a lot as waste (a broken vial, a spill).")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var lot: LotArguments

    @Option(name: .customLong("ml"), parsing: .unconditional, help: "The volume wasted, in mL.")
    var ml: String

    @Option(help: "Why, recorded with the waste.")
    var reason: String

    func request() throws(MesoError) -> (LotReference, Decimal, String) {
        (
            try lot.reference(),
            try FieldText.decimal(ml, field: "--ml", unit: "mL", maximum: 100_000),
            try FieldText.note(reason, field: "--reason")
        )
    }

    func validate() throws {
        try options.checkingInput { _ = try request() }
    }

    func run() throws {
        let (reference, wasted, reason) = try request()
        let update = try options.stockService().waste(reference, ml: wasted, reason: reason)
        options.print(
            LotPresentation.updated(
                update, "\(update.lot.label): \(wasted.fixed(scale: 3)) mL written off as waste."))
    }
}
