import ArgumentParser
import MesoCore

/// For `Scripts/guard-digests`: the digests of the database's guards, which `audit verify` compares
/// with those this meso ships. Hidden: it is how those are made, not a question an auditor asks.
struct AuditGuardDigests: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "guard-digests",
        abstract: "Print the digest of every guard of the database, as audit verify compares them (for Scripts/guard-digests).",
        shouldDisplay: false)

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let reading = try options.service(AuditService.self).guardDigests()
        let rows = reading.digests.map { digest in
            [
                "major_version": .integer(reading.majorVersion), "object": .text(digest.object),
                "digest": .text(digest.digest),
            ] as OutputRecord
        }
        options.print(.listing(OutputTable(key: "guards", columns: ["major_version", "object", "digest"], rows: rows)))
    }
}
