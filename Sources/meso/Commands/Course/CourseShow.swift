import ArgumentParser
import MesoCore

struct CourseShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a patient's courses: each planned session done, due, overdue or upcoming.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var patient: PatientArgument

    func request() throws(MesoError) -> MRN {
        try patient.request()
    }

    func run(_ mrn: MRN) throws {
        options.print(CoursePresentation.progress(try options.service(CourseService.self).show(mrn: mrn)))
    }
}
