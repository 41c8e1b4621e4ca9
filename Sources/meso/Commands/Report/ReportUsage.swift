import ArgumentParser
import MesoCore
import PostgresClient

struct ReportUsage: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "What performed sessions delivered over a range of days: mL of each product (waste apart), or the amount of each compound.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "The first day (YYYY-MM-DD, UTC).")
    var from: String

    @Option(help: "The last day, included (YYYY-MM-DD, UTC).")
    var to: String

    @Option(help: "product (mL of each product) or compound (mg, ug or IU of each compound).")
    var by: Choice<UsageRequest.Grouping> = "product"

    @Option(help: "range (the whole range as one period) or month (each calendar month).")
    var per: Choice<UsageRequest.Period> = "range"

    func request() throws(MesoError) -> UsageRequest {
        try UsageRequest(
            from: try CalendarDate(from, field: .from), to: try CalendarDate(to, field: .to), by: try by.value(.by),
            per: try per.value(.per))
    }

    func run(_ request: UsageRequest) throws {
        options.print(.usage(try options.service(ReportService.self).usage(request)))
    }
}
