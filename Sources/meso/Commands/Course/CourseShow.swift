import ArgumentParser
import MesoCore

struct CourseShow: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a patient's courses: each planned session done, due, overdue or upcoming.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The medical record number.")
    var mrn: String

    func validate() throws {
        try options.checkingInput { _ = try FieldText.mrn(mrn, field: "MRN") }
    }

    func run() throws {
        options.print(CoursePresentation.progress(try options.courseService().show(mrn: mrn)))
    }
}
