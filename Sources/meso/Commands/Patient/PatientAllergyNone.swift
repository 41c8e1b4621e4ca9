import ArgumentParser
import MesoCore

struct PatientAllergyNone: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "none",
        abstract: "Record that the patient was asked and knows of no allergy.",
        discussion: "Refused while an allergy that is neither refuted nor entered-in-error is on file.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var patient: PatientArgument

    func request() throws(MesoError) -> MRN {
        try patient.request()
    }

    func run(_ mrn: MRN) throws {
        let service = try options.service(PatientService.self)
        let patient = try service.recordNoKnownAllergies(mrn: mrn)
        options.print(PatientPresentation.patient(patient, notes: ["No known allergies recorded for \(patient.mrn)."]))
    }
}
