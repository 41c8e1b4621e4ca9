import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A connection that drops in the middle of a transaction (its server process terminated with
/// `pg_terminate_backend` from another connection): a clear error, nothing written, and the next
/// connection works. When the drop comes with the COMMIT, the error says the outcome is unknown.
@Suite("Reliability: a connection dropped inside a transaction")
struct ReliabilityDroppedConnectionTests {
    static let stockTables = ["lot", "stock_movement", "lot_status_change", "session", "session_usage", "session_finding"]

    /// A seeded database of the test's own, and a connection that terminates the others' server processes.
    struct Clinic {
        let database: TestDatabase
        let admin: PostgresConnection

        init(_ name: String) throws {
            database = try TestDatabase.seeded("reliability_dropped_\(name)")
            admin = try database.connect()
        }

        /// Terminates a server process and waits until it is gone.
        func terminate(_ pid: Int) throws {
            try admin.query("SELECT pg_terminate_backend(\(Int32(pid)))")
            for _ in 0..<1000 {
                if try admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = \(Int32(pid))").isEmpty { return }
                usleep(5000)
            }
            throw LedgerFixture.FixtureError("server process \(pid) did not end")
        }

        /// After a drop: nothing written, a new connection works and the ledger holds together.
        func expectNothingWritten(since counts: [String: Int]) throws {
            #expect(try database.rowCounts(of: ReliabilityDroppedConnectionTests.stockTables) == counts)
            let fresh = try database.connect()
            #expect(try fresh.query("SELECT 1 AS one").rows[0].decode("one", as: Int.self) == 1)
            let report = try AuditService(connection: fresh, actor: try Actor("auditor")).verify()
            #expect(report.holds, "\(report.discrepancies)")
        }
    }

    /// The failure `body` ends with, as the CLI would report it.
    static func failure(_ body: () throws -> Void) -> (postgres: PostgresError?, meso: MesoError?) {
        do {
            try body()
            return (nil, nil)
        } catch let error as PostgresError {
            return (error, MesoError(error))
        } catch let error as MesoError {
            return (nil, error)
        } catch {
            Issue.record("unexpected \(error)")
            return (nil, nil)
        }
    }

    /// Writes a receipt the way StockService writes one (the lot, then its ledger row) in one
    /// transaction on a connection of its own, whose server process is terminated after the lot
    /// (`atCommit` false) or after the last statement, just as COMMIT goes (`atCommit` true).
    static func receiveDropping(atCommit: Bool, clinic: Clinic) -> (postgres: PostgresError?, meso: MesoError?, victim: PostgresConnection?) {
        let victim = try? clinic.database.connect()
        let (postgres, meso) = failure {
            try #require(victim).transaction { tx in
                let lot: Int64 = try tx.query(
                    """
                    INSERT INTO lot (product_code, lot_number, expiry, status, received_by)
                    VALUES ('LIDO-1-MD', 'DROP-1', current_date + 300, 'released', 'pharmacist') RETURNING id
                    """
                ).rows[0].decode("id")
                let pid: Int = try tx.query("SELECT pg_backend_pid() AS pid").rows[0].decode("pid")
                if !atCommit { try clinic.terminate(pid) }
                try tx.query("INSERT INTO lot_receipt (lot_id, received_at, vials, recorded_by) VALUES (\(lot), now(), 1, 'pharmacist')")
                if atCommit { try clinic.terminate(pid) }
            }
        }
        return (postgres, meso, victim)
    }

    @Test func aConnectionDroppedBetweenTwoStatementsWritesNothing() throws {
        let clinic = try Clinic("statements")
        let counts = try clinic.database.rowCounts(of: Self.stockTables)
        let (postgres, meso, victim) = Self.receiveDropping(atCommit: false, clinic: clinic)
        let error = try #require(postgres, "the transaction went through a dropped connection")
        #expect(error.isUnreachable)
        #expect(!error.commitOutcomeUnknown, "the drop came before the COMMIT was sent")
        #expect(meso?.kind == .unavailable)
        #expect(meso?.message.hasPrefix("The database is unreachable (") == true, "\(String(describing: meso))")
        #expect(meso?.message.hasSuffix(").") == true)
        // The dropped connection keeps failing cleanly; it does not pretend to work.
        #expect(throws: PostgresError.self) { try victim?.query("SELECT 1") }
        try clinic.expectNothingWritten(since: counts)
    }

    @Test func aConnectionDroppedAtTheCommitSaysTheChangeMayOrMayNotBeRecorded() throws {
        let clinic = try Clinic("commit")
        let counts = try clinic.database.rowCounts(of: Self.stockTables)
        let (postgres, meso, _) = Self.receiveDropping(atCommit: true, clinic: clinic)
        let error = try #require(postgres, "the transaction went through a dropped connection")
        #expect(error.isUnreachable && error.commitOutcomeUnknown)
        #expect(meso?.kind == .unavailable)
        #expect(meso?.message.contains("may or may not have been recorded") == true, "\(String(describing: meso))")
        // Here the server never received the COMMIT: looking, as the message asks, finds nothing.
        try clinic.expectNothingWritten(since: counts)
    }

    /// A service waiting inside its transaction (for a lot's row lock) when its connection drops:
    /// a waste written off through StockService, and a session through SessionService's pipelines.
    @Test(arguments: ["waste", "session"])
    func aServiceWhoseConnectionDropsWhileItWaitsWritesNothing(_ operation: String) throws {
        let clinic = try Clinic(operation)
        let database = clinic.database
        let admin = clinic.admin
        let stock = StockService(connection: try database.connect(), actor: try Actor("pharmacist"))
        for (product, lot) in [("POLYREVIT-5", "PR-\(operation)"), ("HA-15-2", "HA-\(operation)")] {
            _ = try stock.receive(
                try LotReceipt(
                    product: product, lot: lot, expiry: CalendarDate.today(plus: 300).description, vials: "3", supplier: nil,
                    quarantine: false))
        }
        let counts = try database.rowCounts(of: Self.stockTables)
        let holder = try database.connect()
        try holder.query("BEGIN")
        try holder.query("SELECT id FROM lot WHERE lot_number = \("PR-\(operation)") FOR UPDATE")

        let application = "meso-victim-\(operation)"
        let url = database.url
        let outcome = Locked<(PostgresError?, MesoError?)?>(nil)
        let worker = Thread {
            let result = Self.failure {
                let connection = try PostgresConnection(url, applicationName: application)
                if operation == "waste" {
                    _ = try StockService(connection: connection, actor: try Actor("pharmacist")).waste(
                        LotRef(product: "POLYREVIT-5", lot: "PR-\(operation)"), ml: Millilitres(test: "1"), reason: "Vial dropped")
                } else {
                    // MRN-0006 has no allergy on file; REVIT-FACE draws POLYREVIT-5 and HA-15-2.
                    _ = try SessionService(connection: connection, actor: try Actor("Dr Lee")).record(
                        try SessionRequest(patient: "MRN-0006", formula: "REVIT-FACE"))
                }
            }
            outcome.withLock { $0 = result }
        }
        worker.start()
        var waiting: Int?
        for _ in 0..<2000 where waiting == nil {
            waiting = try admin.query(
                "SELECT pid FROM pg_stat_activity WHERE application_name = \(application) AND wait_event_type = 'Lock'"
            ).first?.decode("pid", as: Int.self)
            if waiting == nil { usleep(5000) }
        }
        try clinic.terminate(try #require(waiting, "the \(operation) never waited for the lock"))
        var result: (PostgresError?, MesoError?)?
        for _ in 0..<2000 where result == nil {
            result = outcome.current
            if result == nil { usleep(5000) }
        }
        try holder.query("ROLLBACK")
        let (_, meso) = try #require(result, "the \(operation) did not return after its connection dropped")
        #expect(meso?.kind == .unavailable, "\(String(describing: meso))")
        #expect(meso?.message.hasPrefix("The database is unreachable (") == true, "\(String(describing: meso))")
        try clinic.expectNothingWritten(since: counts)
    }
}
