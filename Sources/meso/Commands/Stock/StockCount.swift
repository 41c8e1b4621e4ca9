#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import ArgumentParser
import MesoCore

struct StockCount: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "count",
        abstract: "Record a physical count of a lot: the difference from the ledger is written as an adjustment.")

    @OptionGroup var options: GlobalOptions
    @OptionGroup var lot: LotArguments

    @Option(name: .customLong("ml"), parsing: .unconditional, help: "The volume counted, in mL (0 when the lot is found empty).")
    var ml: String

    @Option(help: "Why (the monthly count, a discrepancy found), recorded with the adjustment.")
    var reason: String

    func request() throws(MesoError) -> (LotReference, Decimal, String) {
        (
            try lot.reference(),
            try FieldText.decimal(ml, field: "--ml", unit: "mL", maximum: 100_000, allowZero: true),
            try FieldText.note(reason, field: "--reason")
        )
    }

    func validate() throws {
        try options.checkingInput { _ = try request() }
    }

    func run() throws {
        let (reference, counted, reason) = try request()
        let update = try options.stockService().count(reference, countedML: counted, reason: reason)
        let adjustment = update.movement?.quantityML ?? 0
        let note =
            adjustment == 0
            ? "\(update.lot.label): the count agrees with the ledger; a zero adjustment records it."
            : "\(update.lot.label): adjusted by \(adjustment.fixed(scale: 3)) mL to the \(counted.fixed(scale: 3)) mL counted."
        options.print(LotPresentation.updated(update, note))
    }
}
