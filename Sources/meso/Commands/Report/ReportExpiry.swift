import ArgumentParser
import MesoCore

struct ReportExpiry: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "expiry",
        abstract: "Lots on hand by how soon they expire (0-30, 31-60, 61-90, 91-180 days), and expired lots still on hand.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "How many days ahead to look (0 to 3650).")
    var within: String = "180"

    func window() throws(MesoError) -> Int {
        try FieldText.daysAhead(within, field: "--within")
    }

    func validate() throws {
        try options.checkingInput { _ = try window() }
    }

    func run() throws {
        let reports = try options.reportService()
        options.print(.expiry(try reports.expiry(within: try window())))
    }
}
