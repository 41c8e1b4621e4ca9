import ArgumentParser
import MesoCore

struct LotList: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List lots by product, first expiry first.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only this product's lots.")
    var product: String?

    @Option(help: "Only lots with this status.")
    var status: Choice<LotStatus>?

    @Option(
        name: .customLong("expiring-within"), parsing: .unconditional,
        help: "Only lots expiring within this many days (already expired ones included, destroyed ones left out).")
    var expiringWithin: String?

    func request() throws(MesoError) -> (product: ProductCode?, status: LotStatus?, days: Int?) {
        let product = try ProductCode(product, field: .product)
        let status = try status?.value(.status)
        let days = try DaysAhead(expiringWithin, field: .expiringWithin)?.value
        return (product, status, days)
    }

    func run(_ request: (product: ProductCode?, status: LotStatus?, days: Int?)) throws {
        let filters = request
        let lots = try options.service(StockService.self).lots(
            product: filters.product, status: filters.status, expiringWithinDays: filters.days)
        options.print(LotPresentation.listing(lots))
    }
}
