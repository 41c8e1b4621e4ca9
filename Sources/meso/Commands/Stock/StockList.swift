import ArgumentParser
import MesoCore

struct StockList: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Stock per product: usable total and lots in FEFO order, each usable or not and why (meso stock).")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only this product.")
    var product: String?

    @Flag(name: .customLong("below-reorder"), help: "Only products whose usable stock is at or below their reorder point.")
    var belowReorder = false

    @Option(
        name: .customLong("expiring-within"), parsing: .unconditional,
        help: "Only lots expiring within this many days (already expired ones included), and their products.")
    var expiringWithin: String?

    func request() throws(MesoError) -> (product: ProductCode?, days: Int?) {
        let product = try ProductCode(product, field: .product)
        let days = try DaysAhead(expiringWithin, field: .expiringWithin)?.value
        return (product, days)
    }

    func run(_ request: (product: ProductCode?, days: Int?)) throws {
        let filters = request
        let stock = try options.service(StockService.self).stock(
            product: filters.product, belowReorder: belowReorder, expiringWithinDays: filters.days)
        options.print(StockPresentation.listing(stock))
    }
}
