import ArgumentParser
import MesoCore

struct CourseShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a patient's courses: each planned session done, due, overdue or upcoming.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The medical record number.")
    var mrn: String

    func request() throws(MesoError) -> MRN {
        try MRN(mrn, field: "MRN")
    }

    func run(_ mrn: MRN) throws {
        options.print(CoursePresentation.progress(try options.service(CourseService.self).show(mrn: mrn)))
    }
}
