import ArgumentParser
import MesoCore

struct PatientAllergyAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record an allergy to a compound or to an allergen group.",
        discussion:
            "Every record active in its current state (confirmed or unconfirmed) counts in the check and the most severe one decides. A record's status and criticality are amended with patient allergy update, which keeps the history; a separate refuted record voids only itself, never an earlier record.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var patient: PatientArgument

    @Option(help: "The compound code the patient is allergic to.")
    var compound: String?

    @Option(help: "The allergen group code the patient is allergic to.")
    var group: String?

    @Option(help: "How critical a reaction would be (default: unable-to-assess).")
    var criticality: Choice<AllergyCriticality>?

    @Option(help: "The verification status (default: unconfirmed).")
    var status: Choice<AllergyVerification>?

    @Option(help: "What happened.")
    var reaction: String?

    func request() throws(MesoError) -> NewAllergy {
        try NewAllergy(
            mrn: try patient.request(), compound: try CompoundCode(compound, field: .compound),
            group: try AllergenGroupCode(group, field: .group), criticality: try criticality?.value(.criticality),
            verification: try status?.value(.status), reaction: try Note(reaction, field: .reaction))
    }

    func run(_ request: NewAllergy) throws {
        let service = try options.service(PatientService.self)
        options.print(PatientPresentation.added(try service.addAllergy(request), mrn: request.mrn.text))
    }
}
