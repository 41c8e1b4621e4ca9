import ArgumentParser
import MesoCore

struct AuditLedger: MesoCommand {
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

    func validate() throws {
        try options.checkingInput { _ = try LedgerFilter(product: product, lot: lot, since: since) }
    }

    func run() throws {
        let filter = try LedgerFilter(product: product, lot: lot, since: since)
        let audit = try options.auditService()
        var listing = ListingStream(format: options.format, columns: Presentation.ledgerColumns)
        try audit.ledger(filter, batchSize: ListingStream.batchSize) { entries in
            listing.write(entries.map(Presentation.ledgerRow))
        }
        listing.finish(notes: listing.rowCount == 0 ? [Presentation.noMovement] : [])
    }
}
