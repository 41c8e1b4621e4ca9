import ArgumentParser
import MesoCore
import PostgresClient

struct AuditLedger: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "List stock movements, oldest first, with the lot's balance after each, kind, reason, actor, session and patient.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "Only this product's lots.")
    var product: String?

    @Option(help: "Only this lot of --product.")
    var lot: String?

    @Option(help: "Only movements recorded on or after this day (YYYY-MM-DD, UTC).")
    var since: String?

    func request() throws(MesoError) -> LedgerFilter {
        try LedgerFilter(
            product: try ProductCode(product, field: .product), lot: try LotNumber(lot, field: .lot),
            since: try CalendarDate(since, field: .since))
    }

    func run(_ filter: LedgerFilter) throws {
        let audit = try options.service(AuditService.self)
        var listing = ListingStream(format: options.format, columns: Presentation.ledgerColumns)
        try audit.ledger(filter, batchSize: ListingStream.batchSize) { entries in
            listing.write(entries.map(Presentation.ledgerRow))
        }
        listing.finish(notes: listing.rowCount == 0 ? [Presentation.noMovement] : [])
    }
}
