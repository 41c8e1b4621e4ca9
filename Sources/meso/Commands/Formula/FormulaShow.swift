import ArgumentParser
import MesoCore

struct FormulaShow: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a formula version: its components and the compound totals one session delivers.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The formula code.")
    var code: String

    @Option(parsing: .unconditional, help: "The version to show (default: the latest).")
    var version: String?

    func parsedVersion() throws(MesoError) -> Int? {
        try version.map { text throws(MesoError) in try FieldText.integer(text, field: "--version", in: 1...Int(Int32.max)) }
    }

    func validate() throws {
        try options.checkingInput {
            _ = try FieldText.code(code, field: "CODE", upperCase: true)
            _ = try parsedVersion()
        }
    }

    func run() throws {
        let service = try options.formulaService()
        options.print(FormulaPresentation.composition(try service.show(code: code, version: try parsedVersion())))
    }
}
