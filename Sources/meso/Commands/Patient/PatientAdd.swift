import ArgumentParser
import MesoCore
import PostgresClient

struct PatientAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Register a patient (allergy assessment starts as unknown).")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var patient: PatientArgument

    @Option(help: "The patient's name, in any script.")
    var name: String

    @Option(name: .customLong("birth-date"), help: "YYYY-MM-DD.")
    var birthDate: String?

    @Option(name: .customLong("weight-kg"), parsing: .unconditional, help: "Weight in kg, for per-kg dose limits.")
    var weightKG: String?

    func request() throws(MesoError) -> NewPatient {
        try NewPatient(
            mrn: try patient.request(), name: try Name(name, field: .name),
            birthDate: try CalendarDate(birthDate, field: .birthDate), weightKG: try BodyWeight(weightKG, field: .weightKg), today: Timestamp.now().utcDate)
    }

    func run(_ request: NewPatient) throws {
        let service = try options.service(PatientService.self)
        let patient = try service.add(request)
        options.print(PatientPresentation.patient(patient, notes: ["Patient \(patient.mrn) registered."]))
    }
}
