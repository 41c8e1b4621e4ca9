import ArgumentParser
import MesoCore

struct PatientMedicationAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Record a medicine or supplement, as the patient names it.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var patient: PatientArgument

    @Option(help: "The medicine or supplement (aspirin, fish oil, ...).")
    var name: String

    func request() throws(MesoError) -> NewMedication {
        NewMedication(mrn: try patient.request(), name: try Name(name, field: .name))
    }

    func run(_ request: NewMedication) throws {
        let service = try options.service(PatientService.self)
        options.print(PatientPresentation.added(try service.addMedication(request), mrn: request.mrn.text))
    }
}
