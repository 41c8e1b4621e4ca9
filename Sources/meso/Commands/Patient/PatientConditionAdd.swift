import ArgumentParser
import MesoCore

struct PatientConditionAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Record a condition (facial surgery needs the date of the operation).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The medical record number.")
    var mrn: String

    @Option(help: "The kind of condition.")
    var kind: Choice<ConditionKind>

    @Option(help: "The date it started, or of the operation (YYYY-MM-DD).")
    var on: String?

    @Option(help: "What it is.")
    var note: String?

    func request() throws(MesoError) -> NewCondition {
        try NewCondition(mrn: mrn, kind: kind.text, onset: on, note: note)
    }

    func run(_ request: NewCondition) throws {
        let service = try options.service(PatientService.self)
        options.print(PatientPresentation.added(try service.addCondition(request), mrn: request.mrn))
    }
}
