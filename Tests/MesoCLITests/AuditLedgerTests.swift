import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

@Suite("meso audit ledger")
struct AuditLedgerTests {
    func movements(_ outcome: MesoCLI.Outcome) throws -> [[String: Any]] {
        try #require(try outcome.json() as? [[String: Any]], "\(outcome)")
    }

    @Test func listsEveryMovementOldestFirstWithItsRunningBalance() throws {
        let clinic = try AuditClinic("audit_ledger_all")
        let outcome = try clinic.meso.run(["audit", "ledger", "--format", "json"])
        #expect(outcome.status == 0)
        let rows = try movements(outcome)
        #expect(rows.count == 13)
        let ids = rows.compactMap { $0["movement_id"] as? Int }
        #expect(ids == ids.sorted())

        // Lot LD-A: received 40 mL, 0.4 mL injected in the split session, 1 mL written off.
        let lidoA = rows.filter { $0["lot_number"] as? String == "LD-A" }
        #expect(lidoA.map { $0["kind"] as? String } == ["receipt", "session-use", "waste"])
        #expect(lidoA.map { $0["quantity_ml"] as? String } == ["40.000", "-0.400", "-1.000"])
        #expect(lidoA.map { $0["balance_ml"] as? String } == ["40.000", "39.600", "38.600"])
        #expect(lidoA[1]["session_id"] as? Int == Int(clinic.splitSession))
        #expect(lidoA[1]["patient_mrn"] as? String == "MRN-0001")
        #expect(lidoA[1]["actor"] as? String == "Dr Practitioner")
        #expect(lidoA[2]["reason"] as? String == "test")
        #expect(lidoA[2]["patient_mrn"] is NSNull)

        // The cancelled session's reversals name the rows they reverse and return the stock.
        let reversals = rows.filter { $0["kind"] as? String == "reversal" }
        #expect(reversals.count == 2)
        #expect(reversals.allSatisfy { $0["session_id"] as? Int == Int(clinic.cancelledSession) })
        #expect(reversals.map { $0["quantity_ml"] as? String } == ["3.000", "2.000"])
        let reversed = Set(reversals.compactMap { $0["reverses_id"] as? Int })
        let cancelledRows = rows.filter {
            $0["session_id"] as? Int == Int(clinic.cancelledSession) && $0["kind"] as? String != "reversal"
        }
        #expect(reversed == Set(cancelledRows.compactMap { $0["movement_id"] as? Int }))
        #expect(rows.last { $0["lot_number"] as? String == "PR-1" }?["balance_ml"] as? String == "10.000")
    }

    @Test func filtersByProductLotAndDay() throws {
        let clinic = try AuditClinic("audit_ledger_filter")
        let lot = try movements(
            try clinic.meso.run(["audit", "ledger", "--product", "lido-1-md", "--lot", "LD-B", "--format", "json"]))
        #expect(lot.map { $0["kind"] as? String } == ["receipt", "session-use"])
        #expect(lot.allSatisfy { $0["lot_number"] as? String == "LD-B" })

        let product = try movements(try clinic.meso.run(["audit", "ledger", "--product", "LIDO-1-MD", "--format", "json"]))
        #expect(Set(product.compactMap { $0["lot_number"] as? String }) == ["LD-A", "LD-B"])
        #expect(product.count == 5)

        // A lot received 10 days ago: --since a week ago leaves its receipt out. The server dates
        // every ledger row when it is written, so the receipt is put 10 days back behind the ledger.
        let old = try LedgerFixture.receiveLot(
            clinic.admin, product: "HA-15-2", lot: "OLD-1", vials: 2, expiresInDays: 100, receivedDaysAgo: 10)
        try clinic.behindTheLedger { connection in
            try connection.query(
                "UPDATE stock_movement SET recorded_at = now() - interval '10 days' WHERE lot_id = \(old) AND kind = 'receipt'")
        }
        try LedgerFixture.move(clinic.admin, lot: old, kind: "waste", ml: "-0.5")
        let today = try clinic.admin.query("SELECT current_date AS d").rows[0].decode("d", as: CalendarDate.self)
        let since = try movements(
            try clinic.meso.run([
                "audit", "ledger", "--product", "HA-15-2", "--since", today.adding(days: -7).description, "--format", "json",
            ]))
        #expect(since.map { $0["kind"] as? String } == ["waste"])
        #expect(since.first?["balance_ml"] as? String == "3.500")
        let all = try movements(try clinic.meso.run(["audit", "ledger", "--product", "HA-15-2", "--format", "json"]))
        #expect(all.map { $0["kind"] as? String } == ["receipt", "waste"])

        let none = try clinic.meso.run(["audit", "ledger", "--since", today.adding(days: 1).description])
        #expect(none.status == 0)
        #expect(none.stdout.contains("No stock movement matches."))
    }

    @Test func refusesUnknownLotsAndMalformedFilters() throws {
        let clinic = try AuditClinic("audit_ledger_errors")
        let cases: [([String], String, String)] = [
            (["--lot", "LD-A"], "--lot", "--lot needs --product"),
            (["--product", "LIDO-1-MD", "--lot", "NOPE"], "--lot", "No lot NOPE of product LIDO-1-MD is recorded."),
            (["--product", "NOPE-9"], "--product", "No product NOPE-9 is recorded."),
            (["--since", "2026-02-30"], "--since", "--since must be a real date written YYYY-MM-DD."),
            (["--product", "not a code"], "--product", "--product must be 1 to 40 letters"),
        ]
        for (arguments, field, message) in cases {
            let outcome = try clinic.meso.run(["audit", "ledger", "--format", "json"] + arguments)
            #expect(outcome.status == 65, "\(arguments): \(outcome)")
            #expect(outcome.stdout.isEmpty)
            let error = try outcome.jsonError()
            #expect(error["error"] as? String == "invalid_input")
            #expect(error["field"] as? String == field)
            #expect((error["message"] as? String)?.contains(message) == true, "\(error)")
        }
    }
}
