import ArgumentParser
import MesoCore
import PostgresClient

struct CheckCommand: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "The pre-session allergy and contraindication cross-check, with the lots to draw.",
        discussion: """
            Exit status: 0 PASS, 2 WARN, 3 BLOCK. Writes nothing. With --format csv the check is one \
            table whose section column says what each row is: one verdict row (verdict, summary as its \
            message, patient, formula, time), then a finding row per finding, then a lot_plan row per draw.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "The patient's MRN.")
    var patient: String

    @Option(help: "The formula code (its latest version is checked).")
    var formula: String

    @Option(help: "The time of the session, ISO 8601 (default: now).")
    var at: String?

    func request() throws(MesoError) -> CheckRequest {
        try CheckRequest(
            patient: try MRN(patient, field: .patient), formula: try FormulaCode(formula, field: .formula),
            at: try Timestamp(at, field: .at))
    }

    func run(_ request: CheckRequest) throws {
        let service = try options.service(CheckService.self)
        let outcome = try service.check(request)
        options.print(CheckPresentation.report(outcome))
        switch outcome.report.verdict {
        case .pass: return
        case .warn: throw ExitCode(ExitStatus.checkWarning)
        case .block: throw ExitCode(ExitStatus.refused)
        }
    }
}
