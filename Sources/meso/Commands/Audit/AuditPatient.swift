import ArgumentParser
import MesoCore

struct AuditPatient: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "patient",
        abstract: "Every lot a patient received, per session, with expiry, volumes and adverse events, and which lots are now recalled.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The patient's medical record number.")
    var mrn: String

    func request() throws(MesoError) -> MRN {
        try MRN(mrn, field: "MRN")
    }

    func run(_ mrn: MRN) throws {
        options.print(.patientLotHistory(try options.service(AuditService.self).patient(mrn: mrn)))
    }
}
