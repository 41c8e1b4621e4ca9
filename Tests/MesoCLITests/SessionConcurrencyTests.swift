import Foundation
import PostgresClient
import Testing
import TestSupport

/// Many `meso session record` processes at once against one lot: none oversells it.
@Suite("meso session record under concurrency")
struct SessionConcurrencyTests {
    @Test func sixteenProcessesRecordExactlyTheFiftySessionsOneLotHolds() throws {
        let clinic = try SessionClinic("cli_session_concurrency")
        // One component, 0.4 mL of a 20 mL multi-dose vial: one vial is exactly 50 sessions.
        let formula = try clinic.pharmacy.run(
            ["formula", "add", "LIDO-DOT", "--name", "Lidocaine papules", "--component", "LIDO-1-MD:0.4", "--min-interval-days", "1"])
        #expect(formula.status == 0, "\(formula)")
        try clinic.receive("LIDO-1-MD", "LD-50")
        let workers = 16
        for worker in 0..<workers {
            try clinic.admin.query(
                "INSERT INTO patient (mrn, name, weight_kg, allergy_assessment, created_by) VALUES (\("C-\(worker)"), \("Patient \(worker)"), 70, 'none-known', 'test')")
        }

        // Each process records sessions for its own patient until the lot runs out.
        let outcomes = Outcomes()
        let meso = clinic.meso
        concurrently(workers) { worker in
            while true {
                do {
                    let outcome = try meso.run(["session", "record", "--patient", "C-\(worker)", "--formula", "LIDO-DOT"])
                    outcomes.append((outcome.status, outcome.stderr))
                    if outcome.status != 0 { return }
                } catch {
                    outcomes.append((-1, "the process could not be run: \(error)"))
                    return
                }
            }
        }

        let all = outcomes.all
        let recorded = all.filter { $0.status == 0 }
        let refused = all.filter { $0.status != 0 }
        #expect(recorded.count == 50)
        #expect(refused.count == workers, "each process stops at its first refusal")
        for outcome in refused {
            #expect(outcome.status == 3, "\(outcome)")
            #expect(
                outcome.stderr
                    == "meso: Session not recorded: Not enough usable stock of LIDO-1-MD: 0.400 mL needed, 0.000 mL in released, unexpired lots; no override can lift this.\n",
                "\(outcome)")
        }
        let totals = try clinic.admin.query(
            """
            SELECT (SELECT count(*) FROM session) AS sessions,
                   (SELECT on_hand_ml FROM lot WHERE lot_number = 'LD-50') AS on_hand,
                   (SELECT min(balance_after_ml) FROM stock_movement) AS lowest,
                   (SELECT count(*) FROM stock_movement WHERE kind = 'session-use') AS uses
            """
        ).rows[0]
        #expect(try totals.decode("sessions", as: Int.self) == 50)
        #expect(try totals.decode("uses", as: Int.self) == 50)
        #expect(try totals.decode("on_hand", as: Decimal.self) == 0)
        #expect(try totals.decode("lowest", as: Decimal.self) == 0, "no balance in the history is negative")
        // One vial, opened once by the first session and drawn to its end by the fiftieth.
        let vials = try clinic.admin.query("SELECT id, remaining_ml FROM vial").rows
        #expect(vials.count == 1)
        #expect(try vials.first?.decode("remaining_ml", as: Decimal.self) == 0)
        let drawnFrom = try clinic.admin.query(
            "SELECT DISTINCT vial_id FROM stock_movement WHERE kind = 'session-use'"
        ).rows.map { try $0.decode("vial_id", as: Int64?.self) }
        #expect(drawnFrom == [try vials.first?.decode("id", as: Int64.self)])
        let verify = try clinic.verify()
        #expect(verify.status == 0, "\(verify)")
    }

    /// The outcomes collected from the worker threads.
    final class Outcomes: @unchecked Sendable {
        // @unchecked: every access goes through the lock.
        private let lock = NSLock()
        private var outcomes: [(status: Int32, stderr: String)] = []

        func append(_ outcome: (status: Int32, stderr: String)) {
            lock.lock()
            outcomes.append(outcome)
            lock.unlock()
        }

        var all: [(status: Int32, stderr: String)] {
            lock.lock()
            defer { lock.unlock() }
            return outcomes
        }
    }
}
