import ArgumentParser
import MesoCore
import PostgresClient

struct PatientConditionEnd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "end",
        abstract: "Record the day a condition ended: it counts for sessions before that day only.",
        discussion:
            "A facial surgery's four months run from the operation whatever its end. Ending a condition again corrects the date; every end is kept.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The condition's ID (patient show lists them).")
    var id: String

    @Option(help: "The day it ended (YYYY-MM-DD), today or earlier.")
    var on: String

    @Option(help: "Why, or what was seen.")
    var note: String?

    func request() throws(MesoError) -> NewConditionEnd {
        NewConditionEnd(
            condition: try RecordID(id, field: "ID"), on: try CalendarDate(on, field: .on), note: try Note(note, field: .note))
    }

    func run(_ request: NewConditionEnd) throws {
        let ended = try options.service(PatientService.self).endCondition(request)
        options.print(
            PatientPresentation.ended(ended.condition, mrn: ended.mrn))
    }
}
