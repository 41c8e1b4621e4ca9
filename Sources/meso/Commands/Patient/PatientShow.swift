import ArgumentParser
import MesoCore

struct PatientShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a patient with allergies, conditions (active and ended) and medications, with their IDs, and every correction.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var patient: PatientArgument

    func request() throws(MesoError) -> MRN {
        try patient.request()
    }

    func run(_ mrn: MRN) throws {
        let service = try options.service(PatientService.self)
        options.print(PatientPresentation.record(try service.show(mrn: mrn)))
    }
}
