import ArgumentParser
import MesoCore

/// `--product CODE --lot LOTNUMBER --reason TEXT`: the lot whose status changes, and why.
struct LotStatusChangeArguments: ParsableArguments {
    @OptionGroup var lot: LotArguments

    @Option(help: "Why, recorded with the change.")
    var reason: String
}

/// release, quarantine, recall and destroy: one status change with its reason.
protocol LotStatusCommand: RequestCommand {
    static var newStatus: LotStatus { get }
    var change: LotStatusChangeArguments { get }
}

extension LotStatusCommand {
    func request() throws(MesoError) -> (LotRef, Note) {
        (try change.lot.reference(), try Note(change.reason, field: .reason))
    }

    func run(_ request: (LotRef, Note)) throws {
        let (reference, reason) = request
        let update = try options.service(StockService.self).changeStatus(of: reference, to: Self.newStatus, reason: reason)
        var note = "\(update.lot.label) \(Self.newStatus.rawValue)."
        if !update.movements.isEmpty {
            note += " \((-update.quantityML).fixed(scale: 3)) mL written off as destroyed."
        }
        options.print(LotPresentation.updated(update, note))
    }
}
