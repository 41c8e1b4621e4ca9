import ArgumentParser
import MesoCore
import PostgresClient

struct PatientUpdate: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Correct a patient's name, birth date or weight; each change is kept with who, when and the value before.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var patient: PatientArgument

    @Option(help: "The patient's name, in any script.")
    var name: String?

    @Option(name: .customLong("birth-date"), help: "YYYY-MM-DD.")
    var birthDate: String?

    @Option(name: .customLong("weight-kg"), parsing: .unconditional, help: "Weight in kg, for per-kg dose limits.")
    var weightKG: String?

    func request() throws(MesoError) -> NewPatientUpdate {
        try NewPatientUpdate(
            mrn: try patient.request(), name: try Name(name, field: .name),
            birthDate: try CalendarDate(birthDate, field: .birthDate), weightKG: try BodyWeight(weightKG, field: .weightKg), today: Timestamp.now().utcDate)
    }

    func run(_ request: NewPatientUpdate) throws {
        let record = try options.service(PatientService.self).update(request)
        let last = record.corrections.last
        let changed = last?.changes.map(\.field).joined(separator: ", ") ?? ""
        options.print(PatientPresentation.record(record, notes: ["Patient \(record.patient.mrn) corrected: \(changed)."]))
    }
}
