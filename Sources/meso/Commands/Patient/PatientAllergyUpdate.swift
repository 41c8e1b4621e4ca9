import ArgumentParser
import MesoCore

struct PatientAllergyUpdate: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Amend an allergy record's status or criticality, with the reason; the history is kept.",
        discussion:
            "The record's current state decides in the check: refuted and entered-in-error records are ignored. A patient whose only records were entered in error counts as never assessed.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The allergy record's ID (patient show lists them).")
    var id: String

    @Option(help: "The record's new verification status.")
    var status: Choice<AllergyVerification>?

    @Option(help: "The record's new criticality.")
    var criticality: Choice<AllergyCriticality>?

    @Option(help: "Why (a negative patch test, recorded for the wrong patient...).")
    var reason: String

    func request() throws(MesoError) -> NewAllergyAmendment {
        try NewAllergyAmendment(
            allergy: try RecordID(id, field: "ID"), verification: try status?.value(.status),
            criticality: try criticality?.value(.criticality), reason: try Note(reason, field: .reason))
    }

    func run(_ request: NewAllergyAmendment) throws {
        let amended = try options.service(PatientService.self).amendAllergy(request)
        options.print(PatientPresentation.amended(amended.amendment, mrn: amended.mrn))
    }
}
