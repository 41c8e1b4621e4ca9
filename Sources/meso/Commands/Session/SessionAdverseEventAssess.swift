import ArgumentParser
import MesoCore

struct SessionAdverseEventAssess: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "assess",
        abstract: "Record what was found after an adverse event: the allergy it was, or not allergic; its block lifts.",
        discussion:
            "Only a practitioner records it, and it is never changed. An allergy recorded without this link does not lift the block.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The adverse event's ID (session show lists them).")
    var eventID: String

    @Option(help: "The ID of the allergy record the event showed (patient show lists them).")
    var allergy: String?

    @Flag(name: .customLong("not-allergic"), help: "The event was not an allergy.")
    var notAllergic = false

    @Option(help: "What was found, and how (a patch test, the allergist's letter...).")
    var reason: String

    func request() throws(MesoError) -> NewAdverseEventAssessment {
        try NewAdverseEventAssessment(
            event: try RecordID(eventID, field: "EVENT_ID"), allergy: try RecordID(allergy, field: .allergy),
            notAllergic: notAllergic, reason: try Note(reason, field: .reason))
    }

    func run(_ request: NewAdverseEventAssessment) throws {
        let assessed = try options.service(SessionService.self).assess(request)
        options.print(SessionPresentation.assessment(assessed.assessment, event: assessed.event))
    }
}
