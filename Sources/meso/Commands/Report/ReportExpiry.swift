import ArgumentParser
import MesoCore

struct ReportExpiry: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "expiry",
        abstract: "Lots on hand by how soon they expire (0-30, 31-60, 61-90, 91-180 days), and expired lots still on hand.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "How many days ahead to look (0 to 3650).")
    var within: String = "180"

    func request() throws(MesoError) -> Int {
        try DaysAhead(within, field: .within).value
    }

    func run(_ request: Int) throws {
        let reports = try options.service(ReportService.self)
        options.print(.expiry(try reports.expiry(within: request)))
    }
}
