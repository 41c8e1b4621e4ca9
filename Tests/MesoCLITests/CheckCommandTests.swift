import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// `meso check` through the binary, against the seeded catalog (Fixtures/) and lots received by
/// `LedgerFixture`.
@Suite("meso check", .serialized)
struct CheckCommandTests {
    static let shared = Result { () throws -> TestDatabase in
        let database = try TestDatabase.seeded("cli_check")
        let connection = try database.connect()
        func receive(
            _ product: String, _ lot: String, vials: Int, expiry: String, status: LotStatus = .released,
            onHandML: Decimal? = nil
        ) throws {
            // Received before the scenario's days (checks run --at 2026-10-11 to 2026-11-30) so that
            // the fixed expiry dates stay valid receipts whatever day the suite runs on, and so that
            // every check may draw them (a lot received after a session's time cannot be drawn).
            try LedgerFixture.receiveLot(
                connection, product: product, lot: lot, vials: vials, expiry: CalendarDate(iso: expiry)!, status: status,
                onHandML: onHandML, receivedAt: Timestamp(iso: "2026-10-01T08:00:00Z"))
        }
        // POLYREVIT-5: a recalled lot expiring first, then a single vial, then plenty.
        try receive("POLYREVIT-5", "PR-RECALLED", vials: 10, expiry: "2027-01-31", status: .recalled)
        try receive("POLYREVIT-5", "PR-A", vials: 1, expiry: "2027-03-31")
        try receive("POLYREVIT-5", "PR-B", vials: 10, expiry: "2027-06-30")
        try receive("POLYREVIT-5", "PR-Q", vials: 10, expiry: "2026-12-31", status: .quarantined)
        try receive("HA-15-2", "HA-A", vials: 5, expiry: "2027-05-31")
        // LIDO-1-MD: an opened vial with 0.4 mL left, then a full one: 1 mL is split across both.
        try receive("LIDO-1-MD", "LD-A", vials: 1, expiry: "2027-04-30", onHandML: Decimal(string: "0.4")!)
        try receive("LIDO-1-MD", "LD-B", vials: 1, expiry: "2027-08-31")
        // A session of REVIT-FACE for MRN-0008 on 2026-11-15, and a cancelled one on 2026-11-28: history
        // for the interval rule only, planted by the owner behind the triggers (they have no lots, and
        // may lie ahead of the day the suite runs), each written when performed.
        try connection.transaction { connection in
            try connection.query("SET LOCAL session_replication_role = replica")
            try connection.query(
                """
                INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by,
                                     recorded_at)
                SELECT id, 'REVIT-FACE', 1, 'Dr Test', '2026-11-15T10:00:00Z', 'PASS', 'test-setup', '2026-11-15T10:00:00Z'
                  FROM patient WHERE mrn = 'MRN-0008'
                """)
            try connection.query(
                """
                INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by,
                                     status, cancelled_at, cancelled_by, cancel_reason, recorded_at)
                SELECT id, 'REVIT-FACE', 1, 'Dr Test', '2026-11-28T10:00:00Z', 'PASS', 'test-setup',
                       'cancelled', '2026-11-28T11:00:00Z', 'test-setup', 'patient left', '2026-11-28T10:00:00Z'
                  FROM patient WHERE mrn = 'MRN-0008'
                """)
        }
        return database
    }

    let database: TestDatabase
    let meso: MesoCLI

    init() throws {
        database = try Self.shared.get()
        meso = MesoCLI(databaseURL: database.url)
    }

    func check(_ mrn: String, _ formula: String, at: String = "2026-11-25T10:00:00Z", format: String = "json") throws
        -> MesoCLI.Outcome
    {
        try meso.run(["check", "--patient", mrn, "--formula", formula, "--at", at, "--format", format])
    }

    @Test func passExitsZeroWithAFEFOPlanThatSkipsTheRecalledLot() throws {
        // MRN-0006: no known allergies, an "other" condition, levothyroxine.
        let outcome = try check("MRN-0006", "REVIT-FACE")
        #expect(outcome.status == 0, "\(outcome)")
        let report = try #require(try outcome.json() as? [String: Any])
        #expect(report["verdict"] as? String == "PASS")
        #expect(report["patient_mrn"] as? String == "MRN-0006")
        #expect(report["formula_code"] as? String == "REVIT-FACE")
        #expect(report["formula_version"] as? Int == 1)
        #expect(report["session_at"] as? String == "2026-11-25T10:00:00Z")
        #expect(report["overridable"] is NSNull, "only a block is overridden")
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.map { $0["severity"] as? String } == ["info"])
        let plan = try #require(report["lot_plan"] as? [[String: Any]])
        #expect(plan.map { $0["lot_number"] as? String } == ["PR-A", "HA-A"])
        #expect(plan.map { $0["draw_ml"] as? String } == ["5.000", "2.000"], "whole single-use vials")
        #expect(plan.map { $0["inject_ml"] as? String } == ["3.000", "1.000"])
        #expect(plan.map { $0["waste_ml"] as? String } == ["2.000", "1.000"])
        #expect(plan.first?["expiry"] as? String == "2027-03-31")
    }

    /// CSV carries the verdict, the findings and the lot plan in one table, told apart by `section`.
    @Test func csvCarriesTheVerdictTheFindingsAndTheLotPlan() throws {
        let outcome = try check("MRN-0006", "REVIT-FACE", format: "csv")
        #expect(outcome.status == 0, "\(outcome)")
        let lines = outcome.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.first?.hasPrefix("section,verdict,patient_mrn,formula_code,formula_version,session_at,severity,rule") == true, "\(outcome)")
        #expect(lines.dropFirst().first?.hasPrefix("verdict,PASS,MRN-0006,REVIT-FACE,1,2026-11-25T10:00:00Z,") == true, "\(outcome)")
        #expect(lines.filter { $0.hasPrefix("finding,") }.count == 1, "\(outcome)")
        let plan = lines.filter { $0.hasPrefix("lot_plan,") }
        #expect(plan.count == 2 && plan[0].contains(",PR-A,2027-03-31,") && plan[1].contains(",HA-A,"), "\(outcome)")
    }

    @Test func aLotIsSplitWhenOneIsNotEnough() throws {
        // MRN-0008: none known; REVIT-LIDO needs 1 mL of LIDO-1-MD: 0.4 from LD-A's open vial (opened
        // on 2026-10-01, in use through 2026-10-29), 0.6 from a new vial of LD-B.
        let outcome = try check("MRN-0008", "REVIT-LIDO", at: "2026-10-20T10:00:00Z")
        #expect(outcome.status == 0, "\(outcome)")
        let plan = try #require((try outcome.json() as? [String: Any])?["lot_plan"] as? [[String: Any]])
        let lidocaine = plan.filter { $0["product"] as? String == "LIDO-1-MD" }
        #expect(lidocaine.map { $0["lot_number"] as? String } == ["LD-A", "LD-B"])
        #expect(lidocaine.map { $0["draw_ml"] as? String } == ["0.400", "0.600"])
        #expect(lidocaine.map { $0["vial"] as? String } == ["open \(lidocaine.first?["vial_id"] as? Int ?? 0) (until 2026-10-29)", "new"])
        #expect(lidocaine.first?["beyond_use_day"] as? String == "2026-10-29")

        // On 2026-11-25 that vial is past its beyond-use day: never drawn, a new vial of LD-B is opened.
        let later = try check("MRN-0008", "REVIT-LIDO")
        let laterPlan = try #require((try later.json() as? [String: Any])?["lot_plan"] as? [[String: Any]])
        #expect(laterPlan.filter { $0["product"] as? String == "LIDO-1-MD" }.map { $0["lot_number"] as? String } == ["LD-B"])
    }

    @Test func theIntervalWarnsWithExitTwoAndIgnoresCancelledSessions() throws {
        let tooSoon = try check("MRN-0008", "REVIT-FACE", at: "2026-11-25T10:00:00Z")  // 10 days after
        #expect(tooSoon.status == 2, "\(tooSoon)")
        let report = try #require(try tooSoon.json() as? [String: Any])
        #expect(report["verdict"] as? String == "WARN")
        let finding = try #require((report["findings"] as? [[String: Any]])?.first)
        #expect(finding["rule"] as? String == "interval")
        #expect(finding["severity"] as? String == "warn")

        // 15 days after the performed session; the cancelled one two days before does not count.
        let clear = try check("MRN-0008", "REVIT-FACE", at: "2026-11-30T09:00:00Z")
        #expect(clear.status == 0, "\(clear)")
        // Another formula is not held back by this one's interval.
        #expect(try check("MRN-0008", "REVIT-LIDO").status == 0)
    }

    @Test func anAllergyBlocksWithExitThreeAndTheReportNamesWhatItConcerns() throws {
        // MRN-0005: amide anaesthetics (high, confirmed); aspirin and fish oil.
        let outcome = try check("MRN-0005", "REVIT-LIDO")
        #expect(outcome.status == 3, "\(outcome)")
        let report = try #require(try outcome.json() as? [String: Any])
        #expect(report["verdict"] as? String == "BLOCK")
        #expect(report["overridable"] as? Bool == true)
        let findings = try #require(report["findings"] as? [[String: Any]])
        #expect(findings.map { $0["severity"] as? String } == ["block", "warn", "warn"])
        let allergy = findings[0]
        #expect(allergy["rule"] as? String == "allergy")
        #expect(allergy["match_type"] as? String == "class")
        #expect(allergy["compound"] as? String == "lidocaine")
        #expect(allergy["group"] as? String == "amide-anaesthetics")
        #expect(allergy["product"] as? String == "LIDO-1-MD")
        #expect(allergy["overridable"] as? Bool == true)
        #expect(findings[1...].allSatisfy { $0["rule"] as? String == "bleeding-risk" })
        #expect(findings[1...].map { $0["medication"] as? String } == ["aspirin", "fish oil"])

        // The table a practitioner reads: the verdict on the first line, blocks before warnings.
        let table = try check("MRN-0005", "REVIT-LIDO", format: "table")
        #expect(table.status == 3)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("VERDICT:") == true && lines.first?.hasSuffix("BLOCK") == true, "\(table.stdout)")
        let firstBlock = try #require(lines.firstIndex { $0.hasPrefix("block ") })
        let firstWarning = try #require(lines.firstIndex { $0.hasPrefix("warn ") })
        #expect(firstBlock < firstWarning)
        #expect(lines.contains("Lot plan (open vials first, then first expiry first out)"))
    }

    @Test func theFacialSurgeryBoundaryThroughTheBinary() throws {
        // MRN-0001: facial surgery on 2026-06-12; REVIT-FACE holds none of her allergens.
        #expect(try check("MRN-0001", "REVIT-FACE", at: "2026-10-11T10:00:00Z").status == 3)
        #expect(try check("MRN-0001", "REVIT-FACE", at: "2026-10-12T10:00:00Z").status == 0)
    }

    @Test func notEnoughStockBlocksNamingTheProductAndNoOverrideCanLiftIt() throws {
        // GLOW-C needs VITC-5 and LIDO-EPI-1-MD, of which no lot was received.
        let outcome = try check("MRN-0008", "GLOW-C")
        #expect(outcome.status == 3, "\(outcome)")
        let report = try #require(try outcome.json() as? [String: Any])
        #expect(report["overridable"] as? Bool == false)
        let stock = try #require((report["findings"] as? [[String: Any]])?.filter { $0["rule"] as? String == "stock" })
        #expect(stock.map { $0["product"] as? String } == ["VITC-5", "LIDO-EPI-1-MD"])
        #expect(stock.allSatisfy { $0["overridable"] as? Bool == false && $0["severity"] as? String == "block" })
        #expect((stock.first?["message"] as? String)?.contains("VITC-5") == true)
        let plan = try #require(report["lot_plan"] as? [[String: Any]])
        #expect(plan.first { $0["product"] as? String == "VITC-5" }?["short_ml"] as? String == "2.000")
    }

    @Test func aDoseOverTheLimitForThePatientsWeightBlocks() throws {
        #expect(try meso.run(["patient", "add", "DOSE-1", "--name", "Light patient", "--weight-kg", "10"]).status == 0)
        #expect(try meso.run(["patient", "allergy", "none", "DOSE-1"]).status == 0)
        #expect(try meso.run(["formula", "add", "LIDO-HEAVY", "--name", "Too much lidocaine", "--component", "LIDO-1-MD:5"]).status == 0)
        let outcome = try check("DOSE-1", "LIDO-HEAVY")  // 50 mg > 4.5 mg/kg × 10 kg
        #expect(outcome.status == 3, "\(outcome)")
        let findings = try #require((try outcome.json() as? [String: Any])?["findings"] as? [[String: Any]])
        let dose = try #require(findings.first { $0["rule"] as? String == "dose-limit" })
        #expect(dose["severity"] as? String == "block")
        #expect(dose["compound"] as? String == "lidocaine")
    }

    @Test func unknownWeightAndUnknownAssessmentWarn() throws {
        // MRN-0004: weight unknown, allergies never assessed.
        let outcome = try check("MRN-0004", "REVIT-LIDO")
        #expect(outcome.status == 2, "\(outcome)")
        let rules = try #require((try outcome.json() as? [String: Any])?["findings"] as? [[String: Any]]).map {
            $0["rule"] as? String
        }
        #expect(rules == ["allergy-assessment", "dose-limit"])
    }

    @Test func theCheckWritesNothing() throws {
        let tables = ["stock_movement", "lot", "session", "session_finding", "patient", "patient_allergy"]
        let before = try database.rowCounts(of: tables)
        _ = try check("MRN-0005", "REVIT-LIDO")
        _ = try check("MRN-0006", "REVIT-FACE")
        #expect(try database.rowCounts(of: tables) == before)
    }

    @Test(arguments: [
        (["--patient", "NOBODY", "--formula", "REVIT-FACE"], "--patient"),
        (["--patient", "MRN-0001", "--formula", "NO-SUCH"], "--formula"),
        (["--patient", "MRN-0001", "--formula", "REVIT-FACE", "--at", "tomorrow"], "--at"),
        (["--patient", "bad mrn", "--formula", "REVIT-FACE"], "--patient"),
    ])
    func badInputExits65(arguments: [String], field: String) throws {
        let outcome = try meso.run(["check"] + arguments + ["--format", "json"])
        #expect(outcome.status == 65, "\(outcome)")
        let error = try outcome.jsonError()
        #expect(error["error"] as? String == "invalid_input")
        #expect(error["field"] as? String == field)
        #expect(outcome.stdout.isEmpty)
    }
}
