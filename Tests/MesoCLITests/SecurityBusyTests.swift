import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// meso waits for a lock or a statement only so long (lock_timeout 10 s, statement_timeout 2 min on
/// its connections); past that it says the database is busy, exit 75, and writes nothing.
@Suite("security: busy, try again")
struct SecurityBusyTests {
    @Test func aLotHeldByAnotherTransactionIsBusyNotAHang() throws {
        let clinic = try AuditClinic("security_busy")
        let holder = try clinic.database.connect()
        try holder.query("BEGIN")
        try holder.query("SELECT id FROM lot WHERE id = \(clinic.lidoA) FOR UPDATE")
        defer { _ = try? holder.query("ROLLBACK") }
        let before = try clinic.database.tableChecksums()
        let waste = ["stock", "waste", "--product", "LIDO-1-MD", "--lot", "LD-A", "--ml", "1", "--reason", "Vial dropped"]

        // The connection string's options (or PGOPTIONS) set another wait; 1 s here.
        let text = try clinic.meso.run(waste, environment: ["PGOPTIONS": "-c lock_timeout=1s"])
        #expect(text.status == 75, "\(text)")
        #expect(
            text.stderr
                == "meso: The database is busy: another transaction has held what this needs for longer than meso waits; nothing was written, try again.\n")
        let json = try clinic.meso.run(waste + ["--format", "json"], environment: ["PGOPTIONS": "-c lock_timeout=1s"])
        let error = try json.jsonError()
        #expect(json.status == 75 && error["error"] as? String == "busy" && error["exit_code"] as? Int == 75, "\(json)")

        // A statement that runs too long, the lock wait included, is busy too.
        let statement = try clinic.meso.run(waste, environment: ["PGOPTIONS": "-c lock_timeout=0 -c statement_timeout=1s"])
        #expect(statement.status == 75 && statement.stderr.contains("a statement took longer than meso waits"), "\(statement)")

        // Meso's own wait, with nothing set: 10 s.
        let started = Date()
        let defaulted = try clinic.meso.run(waste)
        let waited = Date().timeIntervalSince(started)
        #expect(defaulted.status == 75, "\(defaulted)")
        #expect(waited >= 9.5 && waited < 40, "waited \(waited) s")
        #expect(try clinic.database.tableChecksums() == before)
    }

    /// Every login connected to meso's database starts with the database's bounds (Schema/0012, 0018):
    /// a lock waited for 30 s, a statement of 10 min, a transaction left idle for 10 min.
    @Test func everyLoginStartsWithTheDatabasesTimeouts() throws {
        let clinic = try SecurityClinic("security_timeouts")
        defer { clinic.drop() }
        for role in DatabaseRole.allCases {
            let shown = try clinic.psql(
                role, "SELECT current_setting('lock_timeout') || ' ' || current_setting('statement_timeout') || ' ' || current_setting('idle_in_transaction_session_timeout');")
            #expect(shown.status == 0, "\(shown)")
            #expect(shown.stdout.contains("30s 10min 10min"), "\(role): \(shown)")
        }
    }
}
