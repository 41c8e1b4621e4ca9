import ArgumentParser
import MesoCore

/// `--product CODE --lot LOTNUMBER`: how every command names a lot.
struct LotArguments: ParsableArguments {
    @Option(help: "The product code.")
    var product: String

    @Option(help: "The lot number, as printed on the vial.")
    var lot: String

    func reference() throws(MesoError) -> LotRef {
        LotRef(product: try ProductCode(product, field: .product), lot: try LotNumber(lot, field: .lot))
    }
}
