import ArgumentParser
import MesoCore
import PostgresClient

/// `session record` (named so as not to clash with MesoCore's `SessionRecord`).
struct SessionRecordCommand: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a session: re-run the check, draw the lots, write it all in one transaction.",
        discussion: """
            A block refuses the session (exit 3) unless an --override RULE:REASON names its rule (allergy, \
            contraindication, reaction); a stock or dose-limit block and an unusable lot named with --lot are \
            refused whatever the reason. Warnings are stored with the session, which exits 0. Single-use vials \
            are drawn whole; the opened remainder is written off as waste.
            """)

    @OptionGroup var options: GlobalOptions

    @Option(help: "The patient's MRN.")
    var patient: String

    @Option(help: "The formula code (its latest version is used and recorded).")
    var formula: String

    @Option(help: "Who injected (default: the actor).")
    var practitioner: String?

    @Option(help: "Where on the body (face, scalp, neck...).")
    var area: String?

    @Option(help: "When the session was performed, ISO 8601 (default: now).")
    var at: String?

    @Option(
        name: .customLong("lot"), parsing: .unconditionalSingleValue,
        help: "PRODUCT:LOT, a lot to draw that product from instead of first expiry first out; repeatable.")
    var lots: [String] = []

    @Option(
        name: .customLong("override"), parsing: .unconditionalSingleValue,
        help: ArgumentHelp(
            "RULE:REASON: why the session goes ahead despite the blocks of RULE (allergy, contraindication or reaction); repeatable; stored with your name, your login and the time.",
            valueName: "rule:reason"))
    var overrides: [String] = []

    /// The overrides first: a malformed one is a usage error (exit 64, with this command's usage),
    /// reported before any other bad value.
    func request() throws(MesoError) -> SessionRequest {
        let overrides = try OverrideRequest.parse(self.overrides)
        return try SessionRequest(
            patient: try MRN(patient, field: .patient), formula: try FormulaCode(formula, field: .formula),
            practitioner: try Name(practitioner, field: .practitioner), area: try Name(area, field: .area),
            at: try Timestamp(at, field: .at), lots: try lots.map { text throws(MesoError) in try LotRef(text, field: .lot) },
            overrides: overrides)
    }

    func run(_ request: SessionRequest) throws {
        let service = try options.service(SessionService.self)
        let record = try service.record(request)
        options.print(SessionPresentation.recorded(record, unusedOverrides: record.unusedOverrides))
    }
}
