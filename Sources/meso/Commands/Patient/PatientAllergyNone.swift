import ArgumentParser
import MesoCore

struct PatientAllergyNone: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "none",
        abstract: "Record that the patient was asked and knows of no allergy.",
        discussion: "Refused while an allergy that is neither refuted nor entered-in-error is on file.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The medical record number.")
    var mrn: String

    func request() throws(MesoError) -> MRN {
        try MRN(mrn, field: "MRN")
    }

    func run(_ mrn: MRN) throws {
        let service = try options.service(PatientService.self)
        let patient = try service.recordNoKnownAllergies(mrn: mrn)
        options.print(PatientPresentation.patient(patient, notes: ["No known allergies recorded for \(patient.mrn)."]))
    }
}
