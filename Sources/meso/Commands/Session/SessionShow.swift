import ArgumentParser
import MesoCore

struct SessionShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a session: findings and override, lots and volumes, ledger rows, adverse events.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var session: SessionArgument

    func request() throws(MesoError) -> Int64 {
        try session.request().value
    }

    func run(_ id: Int64) throws {
        options.print(SessionPresentation.record(try options.service(SessionService.self).show(id: id)))
    }
}
