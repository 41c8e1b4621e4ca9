import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A seeded clinic with three lots, two performed sessions (a split draw across two lots, and a
/// single-use vial with its remainder wasted), one cancelled session, and stock waste.
struct AuditClinic {
    let database: TestDatabase
    let meso: MesoCLI
    /// A superuser connection: the only kind that can plant a discrepancy.
    let admin: PostgresConnection
    let lidoA: Int64
    let lidoB: Int64
    let polyrevit: Int64
    let splitSession: Int64
    let wasteSession: Int64
    let cancelledSession: Int64

    init(_ name: String) throws {
        database = try TestDatabase.create(name)
        meso = MesoCLI(databaseURL: database.url)
        let seeded = try meso.run(["db", "seed"])
        guard seeded.status == 0 else { throw LedgerFixture.FixtureError("seed failed: \(seeded)") }
        admin = try database.connect()
        lidoA = try LedgerFixture.receiveLot(admin, product: "LIDO-1-MD", lot: "LD-A", vials: 2, expiresInDays: 200)
        lidoB = try LedgerFixture.receiveLot(admin, product: "LIDO-1-MD", lot: "LD-B", vials: 1, expiresInDays: 100)
        polyrevit = try LedgerFixture.receiveLot(admin, product: "POLYREVIT-5", lot: "PR-1", vials: 4, expiresInDays: 300)
        splitSession = try LedgerFixture.recordSession(
            admin, patient: "MRN-0001", formula: "REVIT-LIDO",
            draws: [.init(lot: polyrevit, volume: "5"), .init(lot: lidoB, volume: "0.6"), .init(lot: lidoA, volume: "0.4")])
        wasteSession = try LedgerFixture.recordSession(
            admin, patient: "MRN-0002", formula: "REVIT-FACE", draws: [.init(lot: polyrevit, volume: "3", waste: "2")])
        cancelledSession = try LedgerFixture.recordSession(
            admin, patient: "MRN-0003", formula: "REVIT-FACE", draws: [.init(lot: polyrevit, volume: "3", waste: "2")])
        try LedgerFixture.cancelSession(admin, cancelledSession)
        // A spill from the vial of LD-A the split session opened.
        try LedgerFixture.move(admin, lot: lidoA, kind: "waste", ml: "-1", vial: try LedgerFixture.openVial(admin, lot: lidoA))
    }

    /// Runs `audit verify --format json`; returns the exit status and the document.
    func verify() throws -> (status: Int32, report: [String: Any], discrepancies: [[String: Any]]) {
        let outcome = try meso.run(["audit", "verify", "--format", "json"])
        let report = try #require(try outcome.json() as? [String: Any], "\(outcome)")
        let discrepancies = try #require(report["discrepancies"] as? [[String: Any]])
        return (outcome.status, report, discrepancies)
    }

    /// Runs `body` on the superuser connection with every ordinary trigger switched off for it,
    /// the way a superuser can rewrite history behind the ledger's back.
    func behindTheLedger(_ body: (PostgresConnection) throws -> Void) throws {
        try admin.transaction { connection in
            try connection.query("SET LOCAL session_replication_role = replica")
            try body(connection)
        }
    }

    /// Each discrepancy as "rule session lot", for comparing what verify found with what was planted.
    static func bySession(_ discrepancies: [[String: Any]]) -> Set<String> {
        Set(discrepancies.map { "\($0["rule"] as? String ?? "") \($0["session_id"] as? Int ?? 0) \($0["lot_number"] as? String ?? "")" })
    }

    func onHand(_ lot: Int64) throws -> Decimal {
        try admin.query("SELECT on_hand_ml FROM lot WHERE id = \(lot)").rows[0].decode("on_hand_ml")
    }
}

func ml(_ text: String) -> Decimal { Decimal(string: text)! }

@Suite("meso audit verify")
struct AuditVerifyTests {
    @Test func cleanHistoryHolds() throws {
        let clinic = try AuditClinic("audit_verify_clean")
        let (status, report, discrepancies) = try clinic.verify()
        #expect(status == 0)
        #expect(report["holds"] as? Bool == true)
        #expect(discrepancies.isEmpty, "\(discrepancies)")
        #expect(report["lots_checked"] as? Int == 3)
        #expect(report["sessions_checked"] as? Int == 3)
        // 3 receipts, 3 releases are not movements; 5 session-use, 2 waste with sessions, 2 reversals, 1 stock waste.
        #expect(report["movements_checked"] as? Int == 13)
        #expect(try clinic.onHand(clinic.polyrevit) == ml("10"))

        let table = try clinic.meso.run(["audit", "verify"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Every rule holds"))
        let csv = try clinic.meso.run(["audit", "verify", "--format", "csv"])
        #expect(csv.stdout == "rule,product,lot_number,session_id,movement_id,recorded_ml,expected_ml,message\r\n")
    }

    @Test func findsACachedBalanceThatLeftTheLedger() throws {
        let clinic = try AuditClinic("audit_verify_cache")
        let ledger = try clinic.onHand(clinic.lidoA)
        try clinic.behindTheLedger { try $0.query("UPDATE lot SET on_hand_ml = on_hand_ml + 5 WHERE id = \(clinic.lidoA)") }

        let (status, report, discrepancies) = try clinic.verify()
        #expect(status == 1)
        #expect(report["holds"] as? Bool == false)
        #expect(discrepancies.count == 1, "\(discrepancies)")
        let found = try #require(discrepancies.first)
        #expect(found["rule"] as? String == "cached-balance")
        #expect(found["product"] as? String == "LIDO-1-MD")
        #expect(found["lot_number"] as? String == "LD-A")
        #expect(found["recorded_ml"] as? String == (ledger + 5).fixed(scale: 3))
        #expect(found["expected_ml"] as? String == ledger.fixed(scale: 3))

        // Every format lists it on stdout, and the exit status is 1 in each.
        let table = try clinic.meso.run(["audit", "verify"])
        #expect(table.status == 1)
        #expect(table.stdout.contains("Lot LD-A of LIDO-1-MD holds \((ledger + 5).fixed(scale: 3)) mL"))
        let csv = try clinic.meso.run(["audit", "verify", "--format", "csv"])
        #expect(csv.status == 1)
        #expect(csv.stdout.split(separator: "\r\n").count == 2)
        #expect(csv.stderr.isEmpty)
    }

    @Test func findsALedgerRowWithAWrongBalance() throws {
        let clinic = try AuditClinic("audit_verify_row")
        let before = try clinic.onHand(clinic.polyrevit)
        var planted: Int64 = 0
        try clinic.behindTheLedger { connection in
            // The row says nothing left the lot; the cache follows the quantity, as the trigger would.
            planted = try connection.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
                VALUES (\(clinic.polyrevit), 'waste', -1, \(before), 'mallory', 'planted') RETURNING id
                """
            ).rows[0].decode("id")
            try connection.query("UPDATE lot SET on_hand_ml = on_hand_ml - 1 WHERE id = \(clinic.polyrevit)")
        }
        let (status, _, discrepancies) = try clinic.verify()
        #expect(status == 1)
        #expect(discrepancies.count == 1, "\(discrepancies)")
        let found = try #require(discrepancies.first)
        #expect(found["rule"] as? String == "balance-history")
        #expect(found["lot_number"] as? String == "PR-1")
        #expect(found["movement_id"] as? Int == Int(planted))
        #expect(found["recorded_ml"] as? String == before.fixed(scale: 3))
        #expect(found["expected_ml"] as? String == (before - 1).fixed(scale: 3))
    }

    @Test func findsAHistoryThatWentBelowZero() throws {
        let clinic = try AuditClinic("audit_verify_negative")
        let before = try clinic.onHand(clinic.lidoB)  // 19.400
        var dip: Int64 = 0
        try clinic.behindTheLedger { connection in
            // 25 mL out of 19.4 (recorded as reaching 0), then 5.6 mL "found": the lot ends at 0 as its cache says.
            dip = try connection.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
                VALUES (\(clinic.lidoB), 'waste', -25, 0, 'mallory', 'planted') RETURNING id
                """
            ).rows[0].decode("id")
            try connection.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
                VALUES (\(clinic.lidoB), 'count-adjustment', \(25 - before), 0, 'mallory', 'planted')
                """)
            try connection.query("UPDATE lot SET on_hand_ml = 0 WHERE id = \(clinic.lidoB)")
        }
        let (status, _, discrepancies) = try clinic.verify()
        #expect(status == 1)
        // The planted rows move LD-B's sealed vials in part too (it has one open vial).
        #expect(Set(discrepancies.compactMap { $0["rule"] as? String }) == ["negative-balance", "balance-history", "sealed-vials"])
        let negative = try #require(discrepancies.first { $0["rule"] as? String == "negative-balance" })
        #expect(negative["movement_id"] as? Int == Int(dip))
        #expect(negative["expected_ml"] as? String == (before - 25).fixed(scale: 3))
        #expect(negative["lot_number"] as? String == "LD-B")
    }

    @Test func findsGuardsSwitchedOffOrRemoved() throws {
        let clinic = try AuditClinic("audit_verify_guards")
        try clinic.admin.execute(
            script: """
                ALTER TABLE stock_movement DISABLE TRIGGER stock_movement_append_only;
                ALTER TABLE lot ENABLE REPLICA TRIGGER lot_guard;
                DROP TRIGGER session_guard ON session;
                ALTER TABLE session_usage DISABLE TRIGGER ALL;
                ALTER TABLE stock_movement DISABLE ROW LEVEL SECURITY;
                DROP POLICY stock_movement_practitioner_writes ON stock_movement;
                """)
        let (status, _, discrepancies) = try clinic.verify()
        #expect(status == 1)
        let messages = discrepancies.compactMap { $0["message"] as? String }
        let expected = [
            "The trigger stock_movement_append_only on stock_movement is disabled.",
            "The trigger lot_guard on lot is enabled only for replication, so it does not fire.",
            "The trigger session_guard on session is missing.",
            "The trigger session_usage_append_only on session_usage is disabled.",
            "The trigger session_usage_no_truncate on session_usage is disabled.",
            "The trigger lot_trace_follows_usage on session_usage is disabled.",
            "The trigger session_usage_matches_session on session_usage is disabled.",
            "The trigger session_usage_ledger_agrees on session_usage is disabled.",
            "The foreign key session_usage_lot_id_fkey on session_usage is not enforced: its trigger is disabled.",
            "The foreign key session_usage_session_id_patient_id_fkey on session_usage is not enforced: its trigger is disabled.",
            "Row-level security is off on stock_movement: any login with INSERT on it may write any kind of movement.",
            "The policy stock_movement_practitioner_writes on stock_movement is missing.",
        ]
        #expect(Set(messages) == Set(expected), "\(messages)")
        #expect(messages.count == expected.count)
        #expect(discrepancies.allSatisfy { ["guard-disabled", "guard-missing"].contains($0["rule"] as? String ?? "") })

        // A guard that calls another function is as good as missing.
        try clinic.admin.execute(
            script: """
                ALTER TABLE stock_movement ENABLE TRIGGER stock_movement_append_only;
                DROP TRIGGER stock_movement_append_only ON stock_movement;
                CREATE TRIGGER stock_movement_append_only BEFORE UPDATE OR DELETE ON stock_movement
                    FOR EACH ROW EXECUTE FUNCTION lot_guard();
                """)
        let again = try clinic.verify()
        #expect(
            again.discrepancies.contains {
                $0["message"] as? String
                    == "The trigger stock_movement_append_only on stock_movement calls lot_guard instead of meso_refuse_change."
            })
    }

    @Test func findsSessionsThatDisagreeWithTheLedger() throws {
        let clinic = try AuditClinic("audit_verify_sessions")
        let admin = clinic.admin
        let unreversed = try LedgerFixture.recordSession(
            admin, patient: "MRN-0001", formula: "REVIT-FACE", draws: [.init(lot: clinic.polyrevit, volume: "2.5")])
        // The database refuses each of these (Schema/0012) from any writer, so the owner plants them
        // behind the triggers, as a database changed before that migration could hold them.
        var wrongPatient: Int64 = 0
        try clinic.behindTheLedger { connection in
            // Cancelled without putting its stock back.
            try connection.query(
                """
                UPDATE session SET status = 'cancelled', cancelled_at = now(), cancelled_by = 'dr', cancel_reason = 'test'
                 WHERE id = \(unreversed)
                """)
            // A usage row with no ledger row behind it.
            try connection.query(
                """
                INSERT INTO session_usage (session_id, patient_id, performed_at, lot_id, volume_ml)
                SELECT id, patient_id, performed_at, \(clinic.lidoA), 0.7 FROM session WHERE id = \(clinic.wasteSession)
                """)
            // A session-use row naming another patient than its session's (its balance and the lot's
            // cache as the ledger trigger would have left them).
            let balance = try clinic.onHand(clinic.lidoB) - Decimal(string: "0.2")!
            wrongPatient = try connection.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id)
                SELECT \(clinic.lidoB), 'session-use', -0.2, \(balance), 'dr', \(clinic.splitSession), id
                  FROM patient WHERE mrn = 'MRN-0004'
                RETURNING id
                """
            ).rows[0].decode("id")
            try connection.query("UPDATE lot SET on_hand_ml = \(balance) WHERE id = \(clinic.lidoB)")
            // The lot trace follows the record, as its triggers would have.
            try connection.query("INSERT INTO lot_trace SELECT * FROM lot_trace_expected WHERE session_id = \(clinic.wasteSession) AND lot_id = \(clinic.lidoA)")
            try connection.query("UPDATE lot_trace SET cancelled = true WHERE session_id = \(unreversed)")
        }
        let (status, _, discrepancies) = try clinic.verify()
        #expect(status == 1)
        let found = AuditClinic.bySession(discrepancies)
        #expect(
            found == [
                "session-reversal \(unreversed) PR-1",
                "session-ledger \(clinic.wasteSession) LD-A",
                "session-ledger \(clinic.splitSession) LD-B",
                "session-patient \(clinic.splitSession) LD-B",
                // The planted draw was written after its session, in another transaction.
                "session-rows-time \(clinic.splitSession) LD-B",
                // The planted draw names no vial: 0.2 mL taken from LD-B's 20 mL sealed vials.
                "sealed-vials 0 LD-B",
            ], "\(discrepancies)")
        let patient = try #require(discrepancies.first { $0["rule"] as? String == "session-patient" })
        #expect(patient["movement_id"] as? Int == Int(wrongPatient))
        #expect((patient["message"] as? String)?.contains("names patient MRN-0004 but its session \(clinic.splitSession) is for MRN-0001") == true)
        let unmatched = try #require(discrepancies.first { $0["rule"] as? String == "session-ledger" && $0["lot_number"] as? String == "LD-A" })
        #expect(unmatched["recorded_ml"] as? String == "0.700")
        #expect(unmatched["expected_ml"] as? String == "0.000")
        let cancelled = try #require(discrepancies.first { $0["rule"] as? String == "session-reversal" })
        #expect(cancelled["recorded_ml"] as? String == "0.000")
        #expect(cancelled["expected_ml"] as? String == "2.500")
    }

    @Test func theLotTraceFollowsTheRecordAndATamperedOneIsFound() throws {
        let clinic = try AuditClinic("audit_verify_lot_trace")
        let admin = clinic.admin
        // Through the record, with the triggers on: a patient's name corrected, an adverse event,
        // a cancellation. The trace follows each and `audit lot` shows them.
        try admin.query("UPDATE patient SET name = 'محمد الأمين' WHERE mrn = 'MRN-0002'")
        try admin.query(
            "INSERT INTO adverse_event (session_id, kind, severity, recorded_by) VALUES (\(clinic.wasteSession), 'redness', 'mild', 'dr')")
        let lateCancel = try LedgerFixture.recordSession(
            admin, patient: "MRN-0004", formula: "REVIT-FACE", draws: [.init(lot: clinic.polyrevit, volume: "3", waste: "2")])
        try LedgerFixture.cancelSession(admin, lateCancel)
        #expect(try clinic.verify().status == 0)
        let trace = try #require(
            try clinic.meso.run(["audit", "lot", "--product", "POLYREVIT-5", "--lot", "PR-1", "--format", "json"]).json()
                as? [String: Any])
        let sessions = try #require(trace["sessions"] as? [[String: Any]])
        let waste = try #require(sessions.first { $0["session_id"] as? Int == Int(clinic.wasteSession) })
        #expect(waste["patient_name"] as? String == "محمد الأمين")
        #expect(waste["adverse_events"] as? String == "redness (mild)", "\(waste)")
        for cancelled in [clinic.cancelledSession, lateCancel] {
            let row = try #require(sessions.first { $0["session_id"] as? Int == Int(cancelled) })
            #expect(row["status"] as? String == "cancelled", "\(row)")
        }
        let contacts = try #require(trace["patients_to_contact"] as? [[String: Any]])
        #expect(Set(contacts.compactMap { $0["mrn"] as? String }) == ["MRN-0001", "MRN-0002"])

        // Behind the triggers' back: a copied name changed, a trace row removed, a flag cleared.
        try clinic.behindTheLedger { connection in
            try connection.query(
                "UPDATE lot_trace SET patient_name = 'Someone Else' WHERE session_id = \(clinic.splitSession) AND lot_id = \(clinic.lidoA)")
            try connection.query("DELETE FROM lot_trace WHERE session_id = \(clinic.wasteSession)")
            try connection.query("UPDATE lot_trace SET cancelled = false WHERE session_id = \(lateCancel)")
        }
        let (status, _, discrepancies) = try clinic.verify()
        #expect(status == 1)
        let found = AuditClinic.bySession(discrepancies)
        #expect(
            found == [
                "lot-trace \(clinic.splitSession) LD-A",
                "lot-trace \(clinic.wasteSession) PR-1",
                "lot-trace \(lateCancel) PR-1",
            ], "\(discrepancies)")
        let missing = try #require(discrepancies.first { $0["session_id"] as? Int == Int(clinic.wasteSession) })
        #expect((missing["message"] as? String)?.contains("missing from the lot trace") == true)
    }

    @Test func findsWrongReversalsStatusesAndStockInADestroyedLot() throws {
        let clinic = try AuditClinic("audit_verify_lots")
        let admin = clinic.admin
        // Half a reversal of the performed session's draw from LD-A, which the database refuses from
        // any writer (Schema/0012): planted behind the triggers, with its balance and the lot's cache.
        let used: Int64 = try admin.query(
            "SELECT id FROM stock_movement WHERE session_id = \(clinic.splitSession) AND lot_id = \(clinic.lidoA)"
        ).rows[0].decode("id")
        let afterReversal = try clinic.onHand(clinic.lidoA) + Decimal(string: "0.2")!
        try clinic.behindTheLedger { connection in
            try connection.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason, reverses_id)
                VALUES (\(clinic.lidoA), 'reversal', 0.2, \(afterReversal), 'mallory', 'planted', \(used))
                """)
            try connection.query("UPDATE lot SET on_hand_ml = \(afterReversal) WHERE id = \(clinic.lidoA)")
        }
        // LD-B destroyed properly, then stock slipped back into it behind the ledger.
        let left = try clinic.onHand(clinic.lidoB)
        try LedgerFixture.move(
            admin, lot: clinic.lidoB, kind: "destruction", ml: "\(-left)", vial: try LedgerFixture.openVial(admin, lot: clinic.lidoB))
        try LedgerFixture.changeStatus(admin, lot: clinic.lidoB, to: "destroyed")
        try clinic.behindTheLedger { connection in
            try connection.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor)
                VALUES (\(clinic.lidoB), 'receipt', 1, 1, 'mallory')
                """)
            // And PR-1 recalled without a status change saying so.
            try connection.query("UPDATE lot SET status = 'recalled' WHERE id = \(clinic.polyrevit)")
        }
        let (status, _, discrepancies) = try clinic.verify()
        #expect(status == 1)
        let found = Set(discrepancies.map { "\($0["rule"] as? String ?? "") \($0["lot_number"] as? String ?? "")" })
        #expect(
            found == [
                "reversal LD-A", "session-reversal LD-A", "cached-balance LD-B", "destroyed-not-empty LD-B",
                "cached-status PR-1",
                // The planted reversal names no vial: 0.2 mL put back among LD-A's 20 mL sealed vials.
                "sealed-vials LD-A",
                // The planted receipt has no lot receipt, and is 1 mL of LD-B's 20 mL sealed vials.
                "receipt LD-B", "sealed-vials LD-B",
            ], "\(discrepancies)")
        let reversal = try #require(discrepancies.first { $0["rule"] as? String == "reversal" })
        #expect((reversal["message"] as? String)?.contains("puts back 0.200 mL where movement \(used) took out 0.400 mL") == true)
        let status2 = try #require(discrepancies.first { $0["rule"] as? String == "cached-status" })
        #expect(status2["message"] as? String == "Lot PR-1 of POLYREVIT-5 is marked recalled but its last status change made it released.")
    }
}
