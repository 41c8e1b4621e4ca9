import ArgumentParser
import MesoCore

struct CompoundUpdateCommand: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Rename a compound, or add or remove its codes in public systems (ATC, SNOMED CT).",
        discussion: """
            --code takes SYSTEM|CODE, the system an absolute URI: 'http://www.whocc.no/atc|N01BB02' (ATC), \
            'http://snomed.info/sct|387480006' (SNOMED CT). The FHIR export writes these beside meso's own \
            code. Every change is kept with who and when.
            """)

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The compound code (lidocaine).")
    var code: String

    @Option(help: "The compound's new name.")
    var name: String?

    @Option(name: .customLong("code"), help: "A public code to add, SYSTEM|CODE (repeatable).")
    var codings: [String] = []

    @Option(name: .customLong("remove-code"), help: "A public code to remove, SYSTEM|CODE (repeatable).")
    var removedCodings: [String] = []

    func request() throws(MesoError) -> CompoundUpdate {
        try CompoundUpdate(
            code: try CompoundCode(code, field: "CODE"), name: try Name(name, field: .name),
            adding: try codings.map { text throws(MesoError) in try CompoundCoding(text, field: "\(.code)") },
            removing: try removedCodings.map { text throws(MesoError) in try CompoundCoding(text, field: "\(.removeCode)") })
    }

    func validate() throws {
        guard name != nil || !codings.isEmpty || !removedCodings.isEmpty else {
            throw ValidationError("Give --name, --code or --remove-code.")
        }
    }

    func run(_ request: CompoundUpdate) throws {
        let details = try options.service(CatalogService.self).update(request)
        options.print(CompoundPresentation.details(details, note: "Updated compound \(details.compound.code)."))
    }
}
