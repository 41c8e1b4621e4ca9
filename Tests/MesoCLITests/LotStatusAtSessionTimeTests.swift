import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A session recorded after the fact is judged by the status its lots had at the session's time
/// (Schema/0010): a lot recalled since can be named as the one injected before the recall, so its
/// patient is on the recall list; a lot quarantined then cannot, though released since. meso's own
/// FEFO plan never picks a lot recalled since. Close to now, the current status decides.
///
/// SKIN-BOOST is one 2 mL syringe of HA-BOOST-2; MRN-0008 has no allergy and no condition.
@Suite("Lot status at the session's time")
struct LotStatusAtSessionTimeTests {
    static let product = LotReceivedBeforeUseTests.product

    static func time(daysAgo days: Int, hour: Int = 10) -> Timestamp {
        LotReceivedBeforeUseTests.time(daysAgo: days, hour: hour)
    }

    func changeStatus(_ clinic: SessionClinic, _ verb: String, _ lot: String) throws {
        let outcome = try clinic.pharmacy.run(["lot", verb, "--product", Self.product, "--lot", lot, "--reason", "test"])
        #expect(outcome.status == 0, "\(outcome)")
    }

    @Test func aSessionTypedInAfterARecallIsRecordedWithTheRecalledLotAndItsPatientIsContacted() throws {
        let clinic = try SessionClinic("cli_status_then_recalled")
        // RECALLED expires first, so FEFO would take it if it could.
        try LotReceivedBeforeUseTests.receive(clinic, "HB-RECALLED", expiresIn: 100, at: Self.time(daysAgo: 30, hour: 8))
        try LotReceivedBeforeUseTests.receive(clinic, "HB-SOUND", expiresIn: 300, at: Self.time(daysAgo: 30, hour: 8))
        try changeStatus(clinic, "recall", "HB-RECALLED")
        let twoDaysAgo = Self.time(daysAgo: 2).description

        // meso's own plan for that time leaves the recalled lot alone.
        let check = try clinic.meso.run(
            ["check", "--patient", "MRN-0008", "--formula", "SKIN-BOOST", "--at", twoDaysAgo, "--format", "json"])
        #expect(check.status == 0, "\(check)")
        #expect(LotReceivedBeforeUseTests.lotNumbers(try #require(try check.json() as? [String: Any]), "lot_plan") == ["HB-SOUND"])

        // The practitioner names the lot the notes say was injected, before the recall: recorded.
        let named = try clinic.recorded(
            "MRN-0008", "SKIN-BOOST", ["--at", twoDaysAgo, "--lot", "\(Self.product):HB-RECALLED"])
        #expect(LotReceivedBeforeUseTests.lotNumbers(named, "lots") == ["HB-RECALLED"])
        let trace = try #require(
            try clinic.meso.run(["audit", "lot", "--product", Self.product, "--lot", "HB-RECALLED", "--format", "json"]).json()
                as? [String: Any])
        let contacts = try #require(trace["patients_to_contact"] as? [[String: Any]])
        #expect(contacts.compactMap { $0["mrn"] as? String } == ["MRN-0008"])

        // Now, the recall binds: named or not, the lot is refused.
        let before = try clinic.counts()
        let now = try clinic.record("MRN-0006", "SKIN-BOOST", ["--lot", "\(Self.product):HB-RECALLED"])
        #expect(now.status == 3, "\(now)")
        #expect(now.stderr.contains("is recalled and is never injected"), "\(now)")
        #expect(try clinic.counts() == before, "nothing written")
        #expect(try clinic.verify().status == 0)
    }

    /// The same with a multi-dose lot, the only one of its product: the session typed in after the
    /// recall draws the vial that was open then, and its patient is on the recall list.
    @Test func aSessionTypedInAfterARecallDrawsTheVialOpenThenWhenNoOtherLotExists() throws {
        let clinic = try SessionClinic("cli_status_then_recalled_vial")
        try clinic.pharmacy.expectDone(
            ["formula", "add", "LIDO-DOT", "--name", "Lidocaine papules", "--component", "LIDO-1-MD:0.4", "--min-interval-days", "1"])
        try clinic.receive("LIDO-1-MD", "LD-R", vials: 2, days: 300, ["--at", Self.time(daysAgo: 30, hour: 8).description])
        let opened = try clinic.recorded("MRN-0006", "LIDO-DOT", ["--at", Self.time(daysAgo: 20).description])
        let vial = try #require((opened["ledger"] as? [[String: Any]])?.first?["vial_id"] as? Int)
        try clinic.pharmacy.expectDone(["lot", "recall", "--product", "LIDO-1-MD", "--lot", "LD-R", "--reason", "supplier recall"])
        let tenDaysAgo = Self.time(daysAgo: 10).description

        // meso's own plan for that time never picks the lot recalled since: nothing else to draw.
        let before = try clinic.counts()
        let fefo = try clinic.record("MRN-0008", "LIDO-DOT", ["--at", tenDaysAgo])
        #expect(fefo.status == 3, "\(fefo)")
        #expect(try clinic.counts() == before)
        // Named as the notes say, it is recorded: the vial open then, still in use at that time.
        let named = try clinic.recorded("MRN-0008", "LIDO-DOT", ["--at", tenDaysAgo, "--lot", "LIDO-1-MD:LD-R"])
        #expect((named["ledger"] as? [[String: Any]])?.compactMap { $0["vial_id"] as? Int } == [vial])
        let trace = try #require(
            try clinic.meso.run(["audit", "lot", "--product", "LIDO-1-MD", "--lot", "LD-R", "--format", "json"]).json()
                as? [String: Any])
        let contacts = try #require(trace["patients_to_contact"] as? [[String: Any]])
        #expect(contacts.compactMap { $0["mrn"] as? String }.sorted() == ["MRN-0006", "MRN-0008"])
        // Now the recall binds.
        #expect(try clinic.record("MRN-0004", "LIDO-DOT", ["--lot", "LIDO-1-MD:LD-R"]).status == 3)
        #expect(try clinic.verify().status == 0)
    }

    @Test func aLotQuarantinedAtTheSessionsTimeIsRefusedThoughReleasedSince() throws {
        let clinic = try SessionClinic("cli_status_then_quarantined")
        let arrival = Self.time(daysAgo: 30, hour: 8)
        try clinic.receive(Self.product, "HB-HELD", vials: 2, days: 100, ["--at", arrival.description, "--quarantine"])
        try LotReceivedBeforeUseTests.receive(clinic, "HB-SOUND", expiresIn: 300, at: arrival)
        try changeStatus(clinic, "release", "HB-HELD")
        let sessionAt = Self.time(daysAgo: 2)

        let before = try clinic.counts()
        let refused = try clinic.record(
            "MRN-0008", "SKIN-BOOST", ["--at", sessionAt.description, "--lot", "\(Self.product):HB-HELD"])
        #expect(refused.status == 3, "\(refused)")
        #expect(
            refused.stderr.contains("--lot \(Self.product):HB-HELD was quarantined at the session's time \(sessionAt)"),
            "\(refused)")
        #expect(try clinic.counts() == before, "nothing written")

        // Nor does the plan draw it for that time, though it expires first; today it does.
        let backDated = try clinic.recorded("MRN-0008", "SKIN-BOOST", ["--at", sessionAt.description])
        #expect(LotReceivedBeforeUseTests.lotNumbers(backDated, "lots") == ["HB-SOUND"])
        let today = try clinic.recorded("MRN-0006", "SKIN-BOOST")
        #expect(LotReceivedBeforeUseTests.lotNumbers(today, "lots") == ["HB-HELD"])

        // Written by hand around meso, the database refuses the same draw.
        let session = try #require(backDated["session_id"] as? Int)
        let held: Int64 = try clinic.admin.query("SELECT id FROM lot WHERE lot_number = 'HB-HELD'").rows[0].decode("id")
        let error = #expect(throws: PostgresError.self) {
            try clinic.admin.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id)
                SELECT \(held), 'session-use', -1, 0, 'hand-written', s.id, s.patient_id FROM session s WHERE s.id = \(Int64(session))
                """)
        }
        #expect(error?.sqlState == .unusableLot, "\(String(describing: error))")
        #expect(error?.message.contains("Lot HB-HELD of \(Self.product) was quarantined at the session's time") == true,
                "\(String(describing: error))")
        #expect(try clinic.verify().status == 0)
    }
}
