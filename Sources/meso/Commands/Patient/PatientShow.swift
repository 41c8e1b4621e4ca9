import ArgumentParser
import MesoCore

struct PatientShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a patient with allergies, conditions (active and ended) and medications, with their IDs, and every correction.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The medical record number.")
    var mrn: String

    func request() throws(MesoError) -> MRN {
        try MRN(mrn, field: "MRN")
    }

    func run(_ mrn: MRN) throws {
        let service = try options.service(PatientService.self)
        options.print(PatientPresentation.record(try service.show(mrn: mrn)))
    }
}
