import ArgumentParser
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import MesoCore
import PostgresClient

struct LotReceive: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "receive",
        abstract: "Receive a delivery: typed (--product --lot --expiry), scanned (--gs1), or a scanner's file (--scans).",
        discussion: """
            A lot is one product, lot number and expiry, and may arrive many times: a lot on file \
            receives another delivery when the expiry matches, and keeps its status. A new lot is \
            released on receipt unless --quarantine is given. The received quantity is vials × the \
            product's vial volume, in mL. --gs1 reads the bracketed form \
            '(01)09520107000013(17)271130(10)AB12C(21)S1' or the scanned form with GS (ASCII 29) \
            separators and an optional ]d2 / ]C1 / ]Q3 prefix; without an expiry (17) it needs --expiry. \
            --scans reads one scanned element string per line (- for stdin) and receives the whole \
            delivery or nothing. A pack (GTIN and serial) is received once. --at records a delivery \
            typed in after the fact: sessions performed before that time draw what it brought only \
            when nothing else suffices.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "The product code.")
    var product: String?

    @Option(help: "The lot number, as printed on the vial.")
    var lot: String?

    @Option(help: "The expiry date, YYYY-MM-DD (with --gs1: only when the label has no expiry (17)).")
    var expiry: String?

    @Option(help: "A GS1 element string: GTIN (01), lot (10), expiry (17), serial (21); any other GS1 AI is checked and kept.")
    var gs1: String?

    @Option(help: "A file of scanned element strings, one pack a line, or - for stdin.")
    var scans: String?

    @Option(parsing: .unconditional, help: "How many vials, ampoules or syringes arrived (not with --scans).")
    var vials: String?

    @Option(
        name: .customLong("vials-per-pack"), parsing: .unconditional,
        help: "With --scans: how many vials each scanned pack holds (default 1).")
    var vialsPerPack: String?

    @Option(help: "Who delivered them.")
    var supplier: String?

    @Flag(help: "Hold a new lot in quarantine until it is released (a lot on file keeps its status).")
    var quarantine = false

    @Option(help: "When the delivery arrived, ISO 8601 (default now); at most 10 minutes ahead and a year back.")
    var at: String?

    /// What arrived: one lot's receipt, or a delivery of scanned packs.
    enum Receipt {
        case lot(LotReceipt)
        case delivery(ScanDelivery)
    }

    /// The receipt as typed, or the delivery as the scans file holds it; the clock is read once.
    func request() throws(MesoError) -> Receipt {
        let now = Timestamp.now()
        if let scans {
            let text = try Self.read(scans)
            return .delivery(
                try ScanDelivery(
                    text: text, vialsPerPack: try VialCount(vialsPerPack, field: .vialsPerPack),
                    supplier: try Name(supplier, field: .supplier), quarantine: quarantine, today: now.utcDate,
                    at: try Timestamp(at, field: .at), now: now))
        }
        if let gs1 {
            return .lot(
                try LotReceipt(
                    gs1: try ScannedPack(parsing: gs1, today: now.utcDate, field: "\(.gs1)"),
                    expiry: try CalendarDate(expiry, field: .expiry), vials: try VialCount(vials ?? "", field: .vials),
                    supplier: try Name(supplier, field: .supplier), quarantine: quarantine, at: try Timestamp(at, field: .at),
                    now: now))
        }
        return .lot(
            try LotReceipt(
                product: try ProductCode(product ?? "", field: .product), lot: try LotNumber(lot ?? "", field: .lot),
                expiry: try CalendarDate(expiry ?? "", field: .expiry), vials: try VialCount(vials ?? "", field: .vials),
                supplier: try Name(supplier, field: .supplier), quarantine: quarantine, at: try Timestamp(at, field: .at),
                now: now))
    }

    func validate() throws {
        if let scans {
            if gs1 != nil || product != nil || lot != nil || expiry != nil || vials != nil {
                throw ValidationError(
                    "--scans reads the products, lots, expiries and packs from the file: give it without --gs1, --product, --lot, --expiry or --vials (--vials-per-pack says how many vials a pack holds).")
            }
            if scans.isEmpty { throw ValidationError("--scans needs a file, or - for stdin.") }
            return
        }
        if vialsPerPack != nil { throw ValidationError("--vials-per-pack goes with --scans; give --vials otherwise.") }
        if vials == nil { throw ValidationError("Give --vials: how many vials arrived.") }
        if gs1 != nil {
            if product != nil || lot != nil {
                throw ValidationError("--gs1 names the product and the lot: give it without --product or --lot.")
            }
        } else if product == nil || lot == nil || expiry == nil {
            throw ValidationError("Give --product, --lot and --expiry, or --gs1, or --scans.")
        }
    }

    func run(_ receipt: Receipt) throws {
        let stock = try options.service(StockService.self)
        switch receipt {
        case .lot(let lot): options.print(LotPresentation.received(try stock.receive(lot)))
        case .delivery(let delivery): options.print(LotPresentation.delivery(try stock.receive(delivery)))
        }
    }

    /// The scans file's text, or stdin's for `-`.
    static func read(_ path: String) throws(MesoError) -> String {
        let data: Data
        if path == "-" {
            data = Data(SystemCalls.readStandardInput())
        } else {
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw .invalid("--scans", "--scans \(path) cannot be read: give the scanner's file, or - for stdin.")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .invalid("--scans", "--scans \(path) is not UTF-8 text: one element string per line, as the scanner writes them.")
        }
        return text
    }
}
