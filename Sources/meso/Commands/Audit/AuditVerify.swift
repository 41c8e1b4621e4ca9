import ArgumentParser
import MesoCore

struct AuditVerify: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Prove every lot's balance equals its ledger, no history went below zero, sessions match their ledger rows, and the guarding triggers are present and enabled.",
        discussion: "Exits 0 when every rule holds, else 1 after listing each discrepancy.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let audit = try options.service(AuditService.self)
        let report = try audit.verify()
        options.print(.integrity(report))
        if !report.holds { throw ExitCode(ExitStatus.discrepancyFound) }
    }
}
