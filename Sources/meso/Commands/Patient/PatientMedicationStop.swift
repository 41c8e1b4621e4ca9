import ArgumentParser
import MesoCore
import PostgresClient

struct PatientMedicationStop: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Record the day a medication was stopped (a bleeding risk still counts through its washout).")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The medication's ID (patient show lists it).")
    var id: String

    @Option(help: "The clinic day it was stopped (YYYY-MM-DD), today or earlier.")
    var on: String

    func request() throws(MesoError) -> MedicationStop {
        MedicationStop(id: try RecordID(id, field: "ID"), on: try CalendarDate(on, field: .on))
    }

    func run(_ request: MedicationStop) throws {
        options.print(PatientPresentation.stopped(try options.service(PatientService.self).stopMedication(request)))
    }
}
