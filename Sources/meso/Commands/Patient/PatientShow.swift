import ArgumentParser
import MesoCore

struct PatientShow: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a patient with allergies, conditions (active and ended) and medications, with their IDs, and every correction.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The medical record number.")
    var mrn: String

    func validate() throws {
        try options.checkingInput { _ = try FieldText.mrn(mrn, field: "MRN") }
    }

    func run() throws {
        let service = try options.patientService()
        options.print(PatientPresentation.record(try service.show(mrn: mrn)))
    }
}
