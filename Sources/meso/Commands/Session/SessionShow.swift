import ArgumentParser
import MesoCore

struct SessionShow: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a session: findings and override, lots and volumes, ledger rows, adverse events.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The session ID.")
    var id: String

    func validate() throws {
        try options.checkingInput { _ = try SessionService.sessionID(id) }
    }

    func run() throws {
        options.print(SessionPresentation.record(try options.sessionService().show(id: try SessionService.sessionID(id))))
    }
}
