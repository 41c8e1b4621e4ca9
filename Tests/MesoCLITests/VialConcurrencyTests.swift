import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Many `meso session record` processes at once on one multi-dose lot: two sessions never both open
/// "the last" sealed vial, and none draws more from an open vial than it holds.
@Suite("Opened vials under concurrency")
struct VialConcurrencyTests {
    @Test func sessionsRacingForTheLastVialsOpenEachOnceAndOverdrawNone() throws {
        let clinic = try SessionClinic("cli_vial_race")
        // 7 mL of 10 mL vials, two of them: the first session opens a vial (3 mL left), the second
        // finishes it and opens the last (6 mL left), a third cannot be served: 6 mL is not 7.
        try clinic.pharmacy.expectDone(
            ["formula", "add", "B12-SEVEN", "--name", "B12 seven", "--component", "B12-MD-10:7", "--min-interval-days", "1"])
        try clinic.receive("B12-MD-10", "B-LAST", vials: 2)
        let workers = 12
        for worker in 0..<workers {
            try clinic.admin.query(
                "INSERT INTO patient (mrn, name, weight_kg, allergy_assessment, created_by) VALUES (\("V-\(worker)"), \("Patient \(worker)"), 70, 'none-known', 'test')")
        }
        let outcomes = SessionConcurrencyTests.Outcomes()
        let meso = clinic.meso
        concurrently(workers) { worker in
            do {
                let outcome = try meso.run(["session", "record", "--patient", "V-\(worker)", "--formula", "B12-SEVEN"])
                outcomes.append((outcome.status, outcome.stderr))
            } catch {
                outcomes.append((-1, "the process could not be run: \(error)"))
            }
        }
        let all = outcomes.all
        #expect(all.filter { $0.status == 0 }.count == 2, "\(all)")
        for refused in all where refused.status != 0 {
            #expect(refused.status == 3, "\(refused)")
            #expect(
                refused.stderr
                    == "meso: Session not recorded: Not enough usable stock of B12-MD-10: 7.000 mL needed, 6.000 mL in released, unexpired lots; no override can lift this.\n",
                "\(refused)")
        }
        let vials = try clinic.admin.query("SELECT content_ml, remaining_ml FROM vial ORDER BY id").rows.map {
            "\(try $0.decode("content_ml", as: Decimal.self)) \(try $0.decode("remaining_ml", as: Decimal.self))"
        }
        #expect(vials == ["10 0", "10 6"], "two vials opened, once each")
        let draws = try clinic.admin.query(
            "SELECT vial_id, quantity_ml FROM stock_movement WHERE kind = 'session-use' ORDER BY id"
        ).rows.map { "\(try $0.decode("vial_id", as: Int64.self)) \(try $0.decode("quantity_ml", as: Decimal.self))" }
        #expect(draws == ["1 -7", "1 -3", "2 -4"], "the second session finished the first vial and opened the last")
        #expect(try clinic.balance("B-LAST") == 6)
        #expect(try clinic.verify().status == 0)
    }
}
