import ArgumentParser
import MesoCore

struct PatientMedicationAdd: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Record a medicine or supplement, as the patient names it.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The medical record number.")
    var mrn: String

    @Option(help: "The medicine or supplement (aspirin, fish oil, ...).")
    var name: String

    func request() throws(MesoError) -> NewMedication {
        try NewMedication(mrn: mrn, name: name)
    }

    func validate() throws {
        try options.checkingInput { _ = try request() }
    }

    func run() throws {
        let service = try options.patientService()
        let request = try request()
        options.print(PatientPresentation.added(try service.addMedication(request), mrn: request.mrn))
    }
}
