#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
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
    func request(allowingZero: Bool) throws(MesoError) -> (lot: LotReference, ml: Decimal, reason: String) {
        (
            try lot.reference(),
            try FieldText.decimal(ml, field: "--ml", unit: "mL", maximum: 100_000, allowZero: allowingZero),
            try FieldText.note(reason, field: "--reason")
        )
    }
}
