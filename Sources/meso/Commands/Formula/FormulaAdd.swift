import ArgumentParser
import MesoCore

struct FormulaAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a formula, or version n+1 of an existing one (written versions never change).",
        discussion:
            "A new version inherits every field it does not set (name, indication, minimum interval, components) from the version before; a new formula needs --name and --component.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The formula code, such as REVIT-FACE.")
    var code: String

    @Option(help: "The formula's name (a new version keeps the previous one's unless given).")
    var name: String?

    @Option(
        name: .customLong("component"), parsing: .unconditionalSingleValue,
        help: "PRODUCT:ML, a product and the mL of it injected per session; repeat for each product (a new version given none keeps the previous components).")
    var components: [String] = []

    @Option(name: .customLong("min-interval-days"), parsing: .unconditional, help: "Fewest days between two sessions of this formula (default 15; a new version keeps the previous one's).")
    var minIntervalDays: String?

    @Option(help: "What the formula is for.")
    var indication: String?

    func request() throws(MesoError) -> NewFormulaVersion {
        try NewFormulaVersion(
            code: try FormulaCode(code, field: "CODE"), name: try Name(name, field: .name),
            indication: try Note(indication, field: .indication),
            minIntervalDays: try IntervalDays(minIntervalDays, field: .minIntervalDays),
            components: try components.map { text throws(MesoError) in try NewFormulaVersion.Component(text) })
    }

    func run(_ request: NewFormulaVersion) throws {
        let service = try options.service(FormulaService.self)
        let composition = try service.add(request)
        let formula = composition.formula
        options.print(
            FormulaPresentation.composition(
                composition,
                notes: [
                    formula.version == 1
                        ? "Formula \(formula.code) added as version 1."
                        : "Formula \(formula.code) version \(formula.version) added; earlier versions are unchanged. Changed: \(composition.changes.map(\.field).joined(separator: ", "))."
                ]))
    }
}
