import ArgumentParser

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Trace stock and prove the ledger holds together.",
        subcommands: [AuditLot.self, AuditPatient.self, AuditLedger.self, AuditVerify.self, AuditGuardDigests.self]
    )
}
