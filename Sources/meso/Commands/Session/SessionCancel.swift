import ArgumentParser
import MesoCore

struct SessionCancel: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a session recorded by mistake: its stock goes back through reversing ledger rows.",
        discussion: """
            The session is kept, marked cancelled with who, when and why; nothing is deleted. A session is \
            cancelled once. A session that drew from a lot destroyed since cannot be cancelled (exit 3).
            """)

    @OptionGroup var options: GlobalOptions

    @OptionGroup var session: SessionArgument

    @Option(help: "Why the session is cancelled.")
    var reason: String

    func request() throws(MesoError) -> (id: Int64, reason: Note) {
        (try session.request().value, try SessionService.cancelReason(reason))
    }

    func run(_ request: (id: Int64, reason: Note)) throws {
        let record = try options.service(SessionService.self).cancel(id: request.id, reason: request.reason)
        let reversals = record.ledger.filter { $0.movement.kind == .reversal }
        options.print(
            SessionPresentation.record(
                record,
                notes: [
                    "Session \(record.session.id) cancelled; \(reversals.count) reversing ledger row\(reversals.count == 1 ? "" : "s") put the stock back."
                ]))
    }
}
