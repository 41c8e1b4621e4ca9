import ArgumentParser
import MesoCore
import PostgresClient

struct CoursePlan: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan a course: a series one formula interval apart, then maintenance every 3 months for a year.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "The patient's MRN.")
    var patient: String

    @Option(help: "The formula code.")
    var formula: String

    @Option(help: "The day of the first session (YYYY-MM-DD).")
    var start: String

    @Option(parsing: .unconditional, help: "Sessions in the first series (default 5).")
    var sessions: String?

    func request() throws(MesoError) -> NewCourse {
        try NewCourse(
            patient: try MRN(patient, field: .patient), formula: try FormulaCode(formula, field: .formula),
            start: try CalendarDate(start, field: .start), sessions: try SeriesSessions(sessions, field: .sessions))
    }

    func run(_ request: NewCourse) throws {
        options.print(CoursePresentation.planned(try options.service(CourseService.self).plan(request)))
    }
}
