import ArgumentParser
import MesoCore

struct FormulaShow: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a formula version: its components and the compound totals one session delivers.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The formula code.")
    var code: String

    @Option(parsing: .unconditional, help: "The version to show (default: the latest).")
    var version: String?

    func parsedVersion() throws(MesoError) -> Int? {
        try FormulaVersionNumber(version, field: .version)?.value
    }

    func request() throws(MesoError) -> (code: FormulaCode, version: Int?) {
        (try FormulaCode(code, field: "CODE"), try parsedVersion())
    }

    func run(_ request: (code: FormulaCode, version: Int?)) throws {
        let service = try options.service(FormulaService.self)
        options.print(FormulaPresentation.composition(try service.show(code: request.code, version: request.version)))
    }
}
