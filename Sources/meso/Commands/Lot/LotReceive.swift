import ArgumentParser
import MesoCore
import PostgresClient

struct LotReceive: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Receive a lot, typed (--product --lot --expiry) or scanned (--gs1).",
        discussion: """
            A lot is released on receipt unless --quarantine is given. The received quantity is \
            vials × the product's vial volume, in mL. --gs1 reads the bracketed form \
            '(01)09520107000013(17)271130(10)AB12C(21)S1' or the scanned form with GS (ASCII 29) \
            separators and an optional ]d2 / ]C1 / ]Q3 prefix. --at records a delivery typed in after \
            the fact: sessions performed before that time cannot draw the lot.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "The product code.")
    var product: String?

    @Option(help: "The lot number, as printed on the vial.")
    var lot: String?

    @Option(help: "The expiry date, YYYY-MM-DD.")
    var expiry: String?

    @Option(help: "A GS1 element string: GTIN (01), expiry (17), lot (10), optional serial (21); any other GS1 AI is checked.")
    var gs1: String?

    @Option(parsing: .unconditional, help: "How many vials, ampoules or syringes arrived.")
    var vials: String

    @Option(help: "Who delivered them.")
    var supplier: String?

    @Flag(help: "Hold the lot in quarantine until it is released.")
    var quarantine = false

    @Option(help: "When the lot arrived, ISO 8601 (default now); at most 10 minutes ahead and a year back.")
    var at: String?

    func request() throws(MesoError) -> LotReceipt {
        if let gs1 {
            return try LotReceipt(
                gs1: gs1, vials: vials, supplier: supplier, quarantine: quarantine, today: Timestamp.now().utcDate, at: at)
        }
        return try LotReceipt(
            product: product ?? "", lot: lot ?? "", expiry: expiry ?? "", vials: vials, supplier: supplier,
            quarantine: quarantine, at: at)
    }

    func validate() throws {
        if gs1 != nil {
            if product != nil || lot != nil || expiry != nil {
                throw ValidationError("--gs1 names the product, lot and expiry: give it without --product, --lot or --expiry.")
            }
        } else if product == nil || lot == nil || expiry == nil {
            throw ValidationError("Give --product, --lot and --expiry, or --gs1.")
        }
        try options.checkingInput { _ = try request() }
    }

    func run() throws {
        options.print(LotPresentation.received(try options.stockService().receive(try request())))
    }
}
