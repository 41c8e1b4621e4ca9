import ArgumentParser
import MesoCore

struct PatientMedicationStop: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Record the day a medication was stopped (a bleeding risk still counts through its washout).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The medication's ID (patient show lists it).")
    var id: String

    @Option(help: "The clinic day it was stopped (YYYY-MM-DD), today or earlier.")
    var on: String

    func request() throws(MesoError) -> MedicationStop {
        try MedicationStop(id: id, on: on)
    }

    func validate() throws {
        try options.checkingInput { _ = try request() }
    }

    func run() throws {
        options.print(PatientPresentation.stopped(try options.patientService().stopMedication(try request())))
    }
}
