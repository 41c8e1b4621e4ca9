import ArgumentParser
import MesoCore

/// release, quarantine, recall and destroy: one status change with its reason.
protocol LotStatusCommand: RequestCommand {
    static var newStatus: LotStatus { get }
    var lot: LotArguments { get }
    var reason: String { get }
}

extension LotStatusCommand {
    func request() throws(MesoError) -> (LotReference, String) {
        (try lot.reference(), try FieldText.note(reason, field: "--reason"))
    }

    func run(_ request: (LotReference, String)) throws {
        let (reference, reason) = request
        let update = try options.service(StockService.self).changeStatus(of: reference, to: Self.newStatus, reason: reason)
        var note = "\(update.lot.label) \(Self.newStatus.rawValue)."
        if !update.movements.isEmpty {
            note += " \((-update.quantityML).fixed(scale: 3)) mL written off as destroyed."
        }
        options.print(LotPresentation.updated(update, note))
    }
}
