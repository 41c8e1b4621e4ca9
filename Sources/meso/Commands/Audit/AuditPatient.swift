import ArgumentParser
import MesoCore

struct AuditPatient: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "patient",
        abstract: "Every lot a patient received, per session, with expiry, volumes and adverse events, and which lots are now recalled.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The patient's medical record number.")
    var mrn: String

    func validate() throws {
        try options.checkingInput { _ = try FieldText.mrn(mrn, field: "MRN") }
    }

    func run() throws {
        options.print(.patientLotHistory(try options.auditService().patient(mrn: mrn)))
    }
}
