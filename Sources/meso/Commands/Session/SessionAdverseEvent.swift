import ArgumentParser
import MesoCore

/// `session adverse-event ID ...` records an event; `session adverse-event assess EVENT_ID ...` records
/// what was found after one.
struct SessionAdverseEventCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adverse-event",
        abstract: "Record an adverse event after a session (tied to its lots), or assess one.",
        subcommands: [SessionAdverseEvent.self, SessionAdverseEventAssess.self],
        defaultSubcommand: SessionAdverseEvent.self)
}

struct SessionAdverseEvent: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record an adverse event after a session; it is tied to the session's lots.",
        discussion:
            "An allergic reaction (any severity) or any severe event blocks every later check of a cocktail sharing a compound with the session until it is assessed (session adverse-event assess).")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var session: SessionArgument

    @Option(help: "What happened.")
    var kind: Choice<AdverseEvent.Kind>

    @Option(help: "How severe it was.")
    var severity: Choice<AdverseEvent.Severity>

    @Option(help: "What happened.")
    var note: String?

    func request() throws(MesoError) -> NewAdverseEvent {
        NewAdverseEvent(
            session: try session.request(), kind: try kind.value(.kind), severity: try severity.value(.severity),
            note: try Note(note, field: .note))
    }

    func run(_ request: NewAdverseEvent) throws {
        options.print(SessionPresentation.adverseEvent(try options.service(SessionService.self).addAdverseEvent(request)))
    }
}
