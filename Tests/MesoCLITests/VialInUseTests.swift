import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Opened multi-dose vials: a session draws the open vial first while it is in use, opens a new one
/// only when needed, and never draws one past its beyond-use day (the clinic day it was opened plus
/// the product's in-use period, or the lot's expiry if that comes first), whatever --lot says; a
/// session recorded after the fact is judged at its own time; vials to discard are listed and
/// written off by `stock discard`.
@Suite("Opened multi-dose vials")
struct VialInUseTests {
    /// A clinic with a multi-dose product of 10 mL vials in use `inUseDays` days once punctured, and a
    /// formula drawing 1 mL of it.
    static func clinic(_ name: String, inUseDays: Int) throws -> SessionClinic {
        let clinic = try SessionClinic(name)
        try clinic.pharmacy.expectDone(
            ["product", "add", "VIT-MD", "--name", "Vitamin B12 multi-dose, 10 mL", "--vial-ml", "10", "--multi-dose",
             "--in-use-days", String(inUseDays), "--ingredient", "cyanocobalamin:1000ug/mL"])
        try clinic.pharmacy.expectDone(
            ["formula", "add", "VIT-DOT", "--name", "B12 papules", "--component", "VIT-MD:1", "--min-interval-days", "1"])
        return clinic
    }

    /// `day` (days from today) at 10:00 UTC.
    static func at(_ day: Int, hour: Int = 10) -> String {
        Timestamp(date: CalendarDate.today(plus: day), hour: hour).description
    }

    /// The vials of the ledger rows a recorded session wrote.
    static func vials(_ session: [String: Any]) -> [Int] {
        (session["ledger"] as? [[String: Any]] ?? []).compactMap { $0["vial_id"] as? Int }
    }

    static func lotVials(_ clinic: SessionClinic, _ lot: String) throws -> [[String: Any]] {
        let show = try LotRepeatReceiptTests.show(clinic.pharmacy, "VIT-MD", lot)
        return try #require(show["vials"] as? [[String: Any]])
    }

    @Test func theInUsePeriodAtItsBoundaryAndASessionAfterTheFactJudgedAtItsTime() throws {
        let clinic = try Self.clinic("cli_vial_in_use", inUseDays: 3)
        let d = -6  // the first session's day
        try clinic.receive("VIT-MD", "V1", vials: 2, days: 300, ["--at", Self.at(d - 1)])

        let opened = try clinic.recorded("MRN-0006", "VIT-DOT", ["--at", Self.at(d)])
        let first = try #require(Self.vials(opened).first)
        // Three days later, its beyond-use day: still drawn, the same vial.
        let onTheDay = try clinic.recorded("MRN-0008", "VIT-DOT", ["--at", Self.at(d + 3, hour: 18)])
        #expect(Self.vials(onTheDay) == [first])
        // The day after: never drawn again; a new vial is opened, and the plan said so.
        let check = try clinic.meso.run(["check", "--patient", "MRN-0004", "--formula", "VIT-DOT", "--at", Self.at(d + 4, hour: 8), "--format", "json"])
        let plan = try #require((try check.json() as? [String: Any])?["lot_plan"] as? [[String: Any]])
        #expect(plan.map { $0["vial"] as? String } == ["new"], "\(check)")
        let next = try clinic.recorded("MRN-0004", "VIT-DOT", ["--at", Self.at(d + 4, hour: 8)])
        let second = try #require(Self.vials(next).first)
        #expect(second != first)

        // A session of d + 2 typed in now is judged then: the first vial was in use, and it is drawn.
        let late = try clinic.recorded("MRN-0006", "VIT-DOT", ["--at", Self.at(d + 2)])
        #expect(Self.vials(late) == [first])

        let vials = try Self.lotVials(clinic, "V1")
        #expect(vials.map { $0["vial_id"] as? Int } == [first, second])
        #expect(vials.map { $0["state"] as? String } == ["to-discard", "in-use"])
        #expect(vials.map { $0["remaining_ml"] as? String } == ["7.000", "9.000"])
        #expect(vials.map { $0["beyond_use_day"] as? String } == [
            CalendarDate.today(plus: d + 3).description, CalendarDate.today(plus: d + 4 + 3).description,
        ])

        // The vial to discard is listed by stock, lot show and report expiry, and is not usable stock.
        let stock = try #require(try clinic.pharmacy.run(["stock", "--product", "VIT-MD", "--format", "json"]).json() as? [[String: Any]])
        #expect(stock.first?["usable_ml"] as? String == "9.000", "the vial in use; the one to discard is not usable")
        #expect(stock.first?["to_discard_ml"] as? String == "7.000")
        #expect((stock.first?["vials_to_discard"] as? [[String: Any]])?.map { $0["vial_id"] as? Int } == [first])
        let table = try clinic.pharmacy.run(["stock", "--product", "VIT-MD"])
        #expect(table.stdout.contains("Open vials to discard"), "\(table.stdout)")
        let report = try #require(try clinic.pharmacy.run(["report", "expiry", "--within", "30", "--format", "json"]).json() as? [[String: Any]])
        let vialRows = report.filter { $0["vial_id"] as? Int != nil }
        #expect(vialRows.map { $0["bucket"] as? String } == ["to-discard", "0-30"])
        #expect(vialRows.map { $0["vial_id"] as? Int } == [first, second])

        // Discarded: written off as waste with the reason; nothing left to discard after.
        let discard = try clinic.pharmacy.run(["stock", "discard", "--product", "VIT-MD", "--lot", "V1", "--format", "json"])
        #expect(discard.status == 0, "\(discard)")
        let written = try #require((try discard.json() as? [String: Any])?["movements"] as? [[String: Any]])
        #expect(written.map { $0["vial_id"] as? Int } == [first])
        #expect(written.map { $0["quantity_ml"] as? String } == ["-7.000"])
        #expect((written.first?["reason"] as? String)?.hasPrefix("Open vial \(first) past its beyond-use day") == true)
        let again = try clinic.pharmacy.run(["stock", "discard", "--product", "VIT-MD", "--lot", "V1", "--format", "json"])
        #expect(again.status == 3, "\(again)")
        #expect((try again.jsonError()["message"] as? String)?.contains("has no open vial past its beyond-use day") == true)
        #expect(try Self.lotVials(clinic, "V1").map { $0["state"] as? String } == ["empty", "in-use"])
        #expect(try clinic.verify().status == 0)
    }

    @Test func theBeyondUseDayIsTheLotsExpiryWhenThatComesFirst() throws {
        let clinic = try Self.clinic("cli_vial_expiry", inUseDays: 28)
        let d = -6
        // The lot expires two days after the vial is opened, long before its 28 days in use end.
        try clinic.receive("VIT-MD", "V-SHORT", vials: 2, days: d + 2, ["--at", Self.at(d - 1)])
        let opened = try clinic.recorded("MRN-0006", "VIT-DOT", ["--at", Self.at(d)])
        let vial = try #require(Self.vials(opened).first)
        #expect(Self.vials(try clinic.recorded("MRN-0008", "VIT-DOT", ["--at", Self.at(d + 2, hour: 20)])) == [vial])
        #expect(try Self.lotVials(clinic, "V-SHORT").first?["beyond_use_day"] as? String == CalendarDate.today(plus: d + 2).description)

        // The day after the expiry nothing of the lot is drawn, named or not.
        let before = try clinic.counts()
        let fefo = try clinic.record("MRN-0004", "VIT-DOT", ["--at", Self.at(d + 3)])
        #expect(fefo.status == 3, "\(fefo)")
        let named = try clinic.record("MRN-0004", "VIT-DOT", ["--at", Self.at(d + 3), "--lot", "VIT-MD:V-SHORT"])
        #expect(named.status == 3, "\(named)")
        #expect(
            try named.jsonError()["message"] as? String
                == "Session not recorded: --lot VIT-MD:V-SHORT expired on \(CalendarDate.today(plus: d + 2)) and cannot be used on \(CalendarDate.today(plus: d + 3)); no override can lift this.")
        #expect(try clinic.counts() == before)
        // The open vial waits to be discarded; the sealed one leaves with the lot's destruction.
        #expect(try Self.lotVials(clinic, "V-SHORT").first?["state"] as? String == "to-discard")
        #expect(try clinic.pharmacy.run(["stock", "discard", "--product", "VIT-MD", "--lot", "V-SHORT"]).status == 0)
        let destroy = try clinic.pharmacy.run(["lot", "destroy", "--product", "VIT-MD", "--lot", "V-SHORT", "--reason", "expired", "--format", "json"])
        #expect((try destroy.json() as? [String: Any])?["quantity_ml"] as? String == "-10.000", "\(destroy)")
        #expect(try clinic.verify().status == 0)
    }

    @Test func anOpenVialPastItsBeyondUseDayIsNeverDrawnWhateverLotSays() throws {
        let clinic = try Self.clinic("cli_vial_named", inUseDays: 2)
        try clinic.receive("VIT-MD", "V-ONE", vials: 1, days: 300, ["--at", Self.at(-10)])
        _ = try clinic.recorded("MRN-0006", "VIT-DOT", ["--at", Self.at(-9)])
        let before = try clinic.counts()
        let named = try clinic.record("MRN-0008", "VIT-DOT", ["--lot", "VIT-MD:V-ONE"])
        #expect(named.status == 3, "\(named)")
        let message = try #require(try named.jsonError()["message"] as? String)
        #expect(message.hasPrefix("Session not recorded: --lot VIT-MD:V-ONE holds only open vials past their beyond-use day, which are never drawn: vial "), "\(message)")
        #expect(message.hasSuffix("no override can lift this."))
        // An override names a clinical rule (`--override RULE:REASON`); none lifts a stock block.
        let override = try clinic.record("MRN-0008", "VIT-DOT", ["--override", "allergy:the vial looks fine"])
        #expect(override.status == 3, "no override lifts a stock block: \(override)")
        #expect(try clinic.counts() == before)
        // Written by hand around meso, for a session of now, the database refuses to draw it too, or to open
        // a vial the lot does not have.
        do {
            let tx = clinic.admin
            try tx.query("BEGIN")
            defer { _ = try? tx.query("ROLLBACK") }
            let session: Int64 = try tx.query(
                """
                INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
                SELECT id, 'VIT-DOT', 1, 'by hand', now(), 'PASS', 'by hand' FROM patient WHERE mrn = 'MRN-0008' RETURNING id
                """
            ).rows[0].decode("id")
            let draw: PostgresQuery = """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id, vial_id)
                SELECT v.lot_id, 'session-use', -1, 0, 'by hand', s.id, s.patient_id, v.id
                  FROM vial v, session s WHERE s.id = \(session)
                """
            let named = #expect(throws: PostgresError.self) { try tx.query("SAVEPOINT a"); try tx.query(draw) }
            #expect(named?.sqlState == .stockRuleRefused, "\(String(describing: named))")
            #expect(named?.message.contains("not from vial") == true, "\(String(describing: named))")
            try tx.query("ROLLBACK TO SAVEPOINT a")
            let new = #expect(throws: PostgresError.self) {
                try tx.query(
                    """
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id)
                    SELECT l.id, 'session-use', -1, 0, 'by hand', s.id, s.patient_id FROM lot l, session s WHERE s.id = \(session)
                    """)
            }
            #expect(new?.sqlState == .stockRuleRefused, "\(String(describing: new))")
            #expect(new?.message.contains("has no sealed vial left to open") == true, "\(String(describing: new))")
        }
        #expect(try clinic.verify().status == 0)
    }
}
