import ArgumentParser
import MesoCore

/// `--product P --lot L --ml Q --reason TEXT`: a volume counted in or written off a lot.
struct LotVolumeArguments: ParsableArguments {
    @OptionGroup var lot: LotArguments

    @Option(name: .customLong("ml"), parsing: .unconditional, help: "The volume, in mL.")
    var ml: String

    @Option(help: "Why, recorded with the ledger row.")
    var reason: String

    /// - Parameter allowingZero: a count may find a lot empty; a waste of nothing is a mistake.
    func request(allowingZero: Bool) throws(MesoError) -> Request {
        (
            try lot.reference(),
            try Millilitres(ml, field: .ml, maximum: StockService.largestVolumeML, allowZero: allowingZero),
            try Note(reason, field: .reason)
        )
    }

    typealias Request = (lot: LotRef, ml: Millilitres, reason: Note)
}
