import ArgumentParser
import MesoCore
import PostgresClient

struct PatientConditionAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Record a condition (facial surgery needs the date of the operation).")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var patient: PatientArgument

    @Option(help: "The kind of condition.")
    var kind: Choice<ConditionKind>

    @Option(help: "The date it started, or of the operation (YYYY-MM-DD).")
    var on: String?

    @Option(help: "What it is.")
    var note: String?

    func request() throws(MesoError) -> NewCondition {
        try NewCondition(
            mrn: try patient.request(), kind: try kind.value(.kind), onset: try CalendarDate(on, field: .on),
            note: try Note(note, field: .note))
    }

    func run(_ request: NewCondition) throws {
        let service = try options.service(PatientService.self)
        options.print(PatientPresentation.added(try service.addCondition(request), mrn: request.mrn.text))
    }
}
