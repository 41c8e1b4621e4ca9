import ArgumentParser
import MesoCore

/// `MRN`: the patient a command is about, named by the medical record number.
struct PatientArgument: ParsableArguments {
    @Argument(help: "The medical record number.")
    var mrn: String

    /// The MRN, checked; a refusal names the argument `MRN`.
    func request() throws(MesoError) -> MRN {
        try MRN(mrn, field: "MRN")
    }
}
