import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// `SessionService.record` against the database: what it draws, how many round trips it takes,
/// and that a failure leaves nothing behind.
@Suite("Session service")
struct SessionServiceTests {
    static let sessionTables = ["session", "session_finding", "session_usage", "stock_movement", "adverse_event"]

    struct Clinic {
        let database: TestDatabase
        let admin: PostgresConnection
        let stock: StockService
        let sessions: SessionService

        init(_ name: String) throws {
            database = try TestDatabase.seeded(name)
            admin = try database.connect()
            stock = StockService(connection: try database.connect(), actor: try Actor("pharmacist"))
            sessions = SessionService(connection: try database.connect(), actor: try Actor("Dr Practitioner"))
        }

        @discardableResult
        func receive(_ product: String, _ lot: String, expiresIn days: Int, vials: Int, status: LotStatus? = nil)
            throws -> Lot
        {
            let received = try stock.receive(
                try LotReceipt(
                    product: product, lot: lot, expiry: CalendarDate.today(plus: days).description, vials: String(vials),
                    supplier: nil, quarantine: false))
            if let status { _ = try stock.changeStatus(of: LotRef(product: product, lot: lot), to: status, reason: "test") }
            return received.lot
        }

        /// Every lot's balance, by lot number.
        func balances() throws -> [String: Decimal] {
            var balances: [String: Decimal] = [:]
            for row in try admin.query("SELECT lot_number, on_hand_ml FROM lot").rows {
                balances[try row.decode("lot_number")] = try row.decode("on_hand_ml")
            }
            return balances
        }
    }

    static func ml(_ text: String) -> Decimal { Decimal(exactText: text)! }

    @Test func aRecordedSessionLowersExactlyThePlannedLotsByExactlyTheVolumesInTwoRoundTrips() throws {
        let clinic = try Clinic("core_session_record")
        try clinic.receive("POLYREVIT-5", "PR-RECALLED", expiresIn: 30, vials: 4, status: .recalled)
        try clinic.receive("POLYREVIT-5", "PR-EARLY", expiresIn: 60, vials: 1)
        try clinic.receive("POLYREVIT-5", "PR-LATE", expiresIn: 300, vials: 4)
        try clinic.receive("HA-15-2", "HA-1", expiresIn: 200, vials: 3)
        try clinic.receive("LIDO-1-MD", "LD-1", expiresIn: 200, vials: 1)
        let before = try clinic.balances()

        // REVIT-FACE: 3 mL of POLYREVIT-5 (5 mL single-use vials), 1 mL of HA-15-2 (2 mL single-use).
        let check = try CheckService(connection: clinic.admin, actor: try Actor("Dr Practitioner")).check(
            try CheckRequest(patient: "MRN-0006", formula: "REVIT-FACE", at: nil))
        let planned = check.report.lotPlan.flatMap(\.draws)
        #expect(planned.map(\.lot.lotNumber) == ["PR-EARLY", "HA-1"])

        let tripsBefore = clinic.sessions.connection.roundTrips
        let record = try clinic.sessions.record(
            try SessionRequest(patient: "MRN-0006", formula: "REVIT-FACE", area: "face"))
        #expect(clinic.sessions.connection.roundTrips - tripsBefore == 2, "one pipeline to lock and read, one to write and commit")

        #expect(record.session.verdict == check.report.verdict)
        #expect(record.usage.map(\.lotNumber) == planned.map(\.lot.lotNumber))
        #expect(record.usage.map(\.volumeML) == [Self.ml("3"), Self.ml("1")])
        #expect(record.usage.map(\.wasteML) == [Self.ml("2"), Self.ml("1")])
        let after = try clinic.balances()
        for draw in planned {
            #expect(before[draw.lot.lotNumber]! - after[draw.lot.lotNumber]! == draw.drawnML, "\(draw.lot.lotNumber)")
        }
        for (lot, balance) in before where !planned.contains(where: { $0.lot.lotNumber == lot }) {
            #expect(after[lot] == balance, "\(lot) was not in the plan")
        }
        #expect(record.ledger.map(\.movement.kind) == [.sessionUse, .waste, .sessionUse, .waste])
        #expect(record.ledger.map(\.movement.quantityML) == [Self.ml("-3"), Self.ml("-2"), Self.ml("-1"), Self.ml("-1")])
        #expect(record.ledger.allSatisfy { $0.movement.sessionID == record.session.id && $0.patientMRN == "MRN-0006" })
        #expect(record.ledger.last?.movement.balanceAfterML == after["HA-1"])

        // What was returned is what was stored.
        #expect(try clinic.sessions.show(id: record.session.id) == record)
        let integrity = try AuditService(connection: clinic.admin, actor: try Actor("auditor")).verify()
        #expect(integrity.discrepancies.isEmpty, "\(integrity.discrepancies)")
    }

    @Test func theLedgerAndTheSessionsReadInBatchesAreTheWholeReadAtOnce() throws {
        let clinic = try Clinic("core_batched_listings")
        try clinic.receive("POLYREVIT-5", "PR-1", expiresIn: 300, vials: 10)
        try clinic.receive("HA-15-2", "HA-1", expiresIn: 200, vials: 10)
        for mrn in ["MRN-0006", "MRN-0007", "MRN-0008"] {
            try clinic.sessions.record(try SessionRequest(patient: MRN(test: mrn), formula: "REVIT-FACE", area: "face"))
        }
        let audit = AuditService(connection: clinic.admin, actor: try Actor("auditor"))
        let whole = try audit.ledger(LedgerFilter())
        #expect(whole.count == 2 + 3 * 4, "two receipts, then use and waste from two lots per session")
        var batches: [[LedgerEntry]] = []
        try audit.ledger(LedgerFilter(), batchSize: 3) { batches.append($0) }
        #expect(batches.map(\.count) == [3, 3, 3, 3, 2])
        #expect(batches.flatMap { $0 } == whole)

        let sessions = try clinic.sessions.list()
        #expect(sessions.count == 3)
        var sessionBatches: [[Session]] = []
        try clinic.sessions.list(patient: nil, batchSize: 1) { sessionBatches.append($0) }
        #expect(sessionBatches.map(\.count) == [1, 1, 1])
        #expect(sessionBatches.flatMap { $0 } == sessions)
        var mine: [Session] = []
        try clinic.sessions.list(patient: "MRN-0007", batchSize: 2) { mine += $0 }
        #expect(mine.map(\.patientMRN) == ["MRN-0007"])
    }

    @Test func aSessionThatFailsAfterItsFirstUsageRowLeavesNoTrace() throws {
        let clinic = try Clinic("core_session_halfway")
        try clinic.receive("POLYREVIT-5", "PR-1", expiresIn: 200, vials: 4)
        try clinic.receive("LIDO-1-MD", "LD-A", expiresIn: 100, vials: 1)
        try clinic.receive("LIDO-1-MD", "LD-B", expiresIn: 200, vials: 1)
        try clinic.admin.execute(
            script: """
                CREATE FUNCTION test_fail_after_usage() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'test: the session fails after usage row %', NEW.id;
                END;
                $$;
                CREATE TRIGGER test_fail_after_usage AFTER INSERT ON session_usage
                    FOR EACH ROW EXECUTE FUNCTION test_fail_after_usage();
                """)
        let counts = try clinic.database.rowCounts(of: Self.sessionTables)
        let balances = try clinic.balances()
        let request = try SessionRequest(patient: "MRN-0008", formula: "REVIT-LIDO")
        let failure = refusal { _ = try clinic.sessions.record(request) }
        #expect(failure?.kind == .internal)
        #expect(failure?.message.contains("test: the session fails after usage row") == true, "\(failure as Any)")
        #expect(try clinic.database.rowCounts(of: Self.sessionTables) == counts)
        #expect(try clinic.balances() == balances)
        #expect(!clinic.sessions.connection.isInTransaction)

        // The same connection records the session once the fault is gone: the statements it
        // prepared in the failed attempt are still known to it and to the server.
        try clinic.admin.execute(script: "DROP TRIGGER test_fail_after_usage ON session_usage")
        let record = try clinic.sessions.record(request)
        #expect(record.usage.map(\.lotNumber) == ["PR-1", "LD-A"])
        #expect(try clinic.database.rowCounts(of: ["session"])["session"] == counts["session"]! + 1)
    }

    @Test func theCheckIsRunAgainOnTheDataAsItIsWhenTheSessionIsRecorded() throws {
        let clinic = try Clinic("core_session_recheck")
        try clinic.receive("POLYREVIT-5", "PR-1", expiresIn: 200, vials: 4)
        try clinic.receive("HA-15-2", "HA-1", expiresIn: 200, vials: 4)
        let checked = try CheckService(connection: clinic.admin, actor: try Actor("Dr Practitioner")).check(
            try CheckRequest(patient: "MRN-0008", formula: "REVIT-FACE", at: nil))
        #expect(checked.report.verdict == .pass)
        // Between the check and the session, an allergy to an ingredient is recorded.
        _ = try PatientService(connection: clinic.admin, actor: try Actor("nurse")).addAllergy(
            try NewAllergy(mrn: "MRN-0008", compound: "ha-nonanimal", group: nil, criticality: .high, verification: .confirmed, reaction: nil))
        let counts = try clinic.database.rowCounts(of: Self.sessionTables)
        let refused = refusal { _ = try clinic.sessions.record(try SessionRequest(patient: "MRN-0008", formula: "REVIT-FACE")) }
        #expect(refused?.kind == .refused)
        #expect(refused?.message.contains("Allergy to ha-nonanimal (high, confirmed)") == true, "\(refused as Any)")
        #expect(try clinic.database.rowCounts(of: Self.sessionTables) == counts)
    }

    @Test func aSessionWaitsForALotBeingDrawnAndThenPlansOnWhatIsLeft() throws {
        let clinic = try Clinic("core_session_lock")
        try clinic.receive("LIDO-1-MD", "LD-1", expiresIn: 200, vials: 1)
        try clinic.admin.query(
            "INSERT INTO formula (code, created_by) VALUES ('LIDO-DOT', 'test')")
        try clinic.admin.execute(
            script: """
                BEGIN;
                INSERT INTO formula_version (formula_code, version, name, min_interval_days, created_by)
                VALUES ('LIDO-DOT', 1, 'Lidocaine papules', 1, 'test');
                INSERT INTO formula_component (formula_code, version, position, product_code, volume_ml)
                VALUES ('LIDO-DOT', 1, 1, 'LIDO-1-MD', 0.4);
                COMMIT;
                """)
        // Another transaction writes the whole lot off and holds its row until it commits.
        let holder = try clinic.database.connect()
        try holder.query("BEGIN")
        try holder.query(
            """
            INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor)
            SELECT id, 'waste', -on_hand_ml, 'vial dropped', 'pharmacist' FROM lot WHERE lot_number = 'LD-1'
            """)

        let outcome = Box()
        let url = clinic.database.url
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            defer { done.signal() }
            do {
                let sessions = SessionService(connection: try PostgresConnection(url), actor: try Actor("Dr Practitioner"))
                _ = try sessions.record(try SessionRequest(patient: "MRN-0008", formula: "LIDO-DOT"))
                outcome.set("recorded")
            } catch {
                outcome.set("\(error)")
            }
        }
        // The session waits on the lot's row lock, inside its first pipeline...
        var waited = false
        for _ in 0..<1000 where !waited {
            waited = try !clinic.admin.query(
                """
                SELECT 1 FROM pg_stat_activity
                 WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%meso_lock_lots%'
                """
            ).rows.isEmpty
            if !waited { usleep(10_000) }
        }
        #expect(waited, "the session should wait for the lot's lock")
        try holder.query("COMMIT")
        done.wait()
        // ...and then plans on the lot as it is: empty, so the stock rule refuses it (not the CHECK
        // constraint, which only a plan made on a stale balance would run into).
        #expect(
            outcome.value
                == "Session not recorded: Not enough usable stock of LIDO-1-MD: 0.400 mL needed, 0.000 mL in released, unexpired lots; no override can lift this.")
    }

    final class Box: @unchecked Sendable {
        // @unchecked: every access goes through the lock.
        private let lock = NSLock()
        private var text = ""
        func set(_ value: String) {
            lock.lock()
            text = value
            lock.unlock()
        }
        var value: String {
            lock.lock()
            defer { lock.unlock() }
            return text
        }
    }
}
