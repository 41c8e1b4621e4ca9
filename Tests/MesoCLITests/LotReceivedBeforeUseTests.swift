import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A session back-dated to before a lot arrived cannot have used it: the check plans without it,
/// `session record` refuses it, and the ledger trigger refuses any row that says otherwise. Lots
/// received after the fact carry their arrival with `lot receive --at`.
///
/// SKIN-BOOST is one 2 mL syringe of HA-BOOST-2 (single-use, 2 mL); MRN-0008 has no known allergy
/// and no condition, so the stock is all that decides.
@Suite("Lots not yet received at a session's time")
struct LotReceivedBeforeUseTests {
    static let product = "HA-BOOST-2"

    /// `days` ago (negative: ahead) at hh:mm:ss UTC, as `--at` takes it.
    static func time(daysAgo days: Int, hour: Int = 10, minute: Int = 0, second: Int = 0) -> Timestamp {
        Timestamp(date: CalendarDate.today(plus: -days), hour: hour, minute: minute, second: second)
    }

    static func receive(_ clinic: SessionClinic, _ lot: String, expiresIn days: Int, at: Timestamp?) throws {
        try clinic.receive(Self.product, lot, vials: 2, days: days, at.map { ["--at", $0.description] } ?? [])
    }

    static func lotNumbers(_ document: [String: Any], _ key: String) -> [String] {
        (document[key] as? [[String: Any]] ?? []).compactMap { $0["lot_number"] as? String }
    }

    @Test func aBackDatedSessionDrawsAnOlderLotNotTheOneReceivedSince() throws {
        let clinic = try SessionClinic("cli_received_fefo")
        // OLD arrived a month ago; NEW arrived now and expires first: FEFO's pick on any day after.
        try Self.receive(clinic, "HB-OLD", expiresIn: 300, at: Self.time(daysAgo: 30, hour: 8))
        try Self.receive(clinic, "HB-NEW", expiresIn: 100, at: nil)
        let tenDaysAgo = Self.time(daysAgo: 10).description

        let check = try clinic.meso.run(
            ["check", "--patient", "MRN-0008", "--formula", "SKIN-BOOST", "--at", tenDaysAgo, "--format", "json"])
        #expect(check.status == 0, "\(check)")
        #expect(Self.lotNumbers(try #require(try check.json() as? [String: Any]), "lot_plan") == ["HB-OLD"])

        let backDated = try clinic.recorded("MRN-0008", "SKIN-BOOST", ["--at", tenDaysAgo])
        #expect(Self.lotNumbers(backDated, "lots") == ["HB-OLD"])
        // NEW's recall list stays empty: MRN-0008 never received it.
        let trace = try clinic.meso.run(["audit", "lot", "--product", Self.product, "--lot", "HB-NEW", "--format", "json"])
        #expect(trace.status == 0, "\(trace)")
        #expect((try #require(try trace.json() as? [String: Any])["sessions"] as? [Any])?.isEmpty == true, "\(trace)")

        // Today NEW has arrived, expires first, and is drawn.
        let today = try clinic.recorded("MRN-0006", "SKIN-BOOST")
        #expect(Self.lotNumbers(today, "lots") == ["HB-NEW"])
        #expect(try clinic.verify().status == 0)
    }

    @Test func onlyALotReceivedSinceBlocksTheCheckNamingItAndNoOverrideLiftsIt() throws {
        let clinic = try SessionClinic("cli_received_block")
        try Self.receive(clinic, "HB-NEW", expiresIn: 100, at: nil)
        let twoDaysAgo = Self.time(daysAgo: 2)

        let check = try clinic.meso.run(
            ["check", "--patient", "MRN-0008", "--formula", "SKIN-BOOST", "--at", twoDaysAgo.description, "--format", "json"])
        #expect(check.status == 3, "\(check)")
        let report = try #require(try check.json() as? [String: Any])
        let findings = try #require(report["findings"] as? [[String: Any]])
        let stock = try #require(findings.first { $0["rule"] as? String == "stock" }, "\(check)")
        #expect(stock["overridable"] as? Bool == false)
        let message = try #require(stock["message"] as? String)
        #expect(message.contains("lot HB-NEW not yet received at the session's time \(twoDaysAgo)"), "\(message)")

        let before = try clinic.counts()
        let refused = try clinic.meso.run(
            ["session", "record", "--patient", "MRN-0008", "--formula", "SKIN-BOOST", "--at", twoDaysAgo.description,
             "--override", "the patient insists"])
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.isOneSentenceError, "\(refused)")
        #expect(refused.stderr.contains("lot HB-NEW not yet received"), "\(refused)")
        #expect(try clinic.counts() == before, "nothing written")
    }

    @Test func namingWithLotALotNotYetReceivedIsRefused() throws {
        let clinic = try SessionClinic("cli_received_named")
        try Self.receive(clinic, "HB-OLD", expiresIn: 300, at: Self.time(daysAgo: 30, hour: 8))
        try Self.receive(clinic, "HB-NEW", expiresIn: 100, at: Self.time(daysAgo: 3, hour: 8))
        let before = try clinic.counts()
        let sessionAt = Self.time(daysAgo: 10)

        let refused = try clinic.meso.run(
            ["session", "record", "--patient", "MRN-0008", "--formula", "SKIN-BOOST", "--at", sessionAt.description,
             "--lot", "\(Self.product):HB-NEW"])
        #expect(refused.status == 3, "\(refused)")
        #expect(refused.isOneSentenceError, "\(refused)")
        #expect(
            refused.stderr.hasPrefix(
                "meso: Session not recorded: --lot \(Self.product):HB-NEW was not yet received at the session's time \(sessionAt): it arrived at \(Self.time(daysAgo: 3, hour: 8))"),
            "\(refused)")
        #expect(try clinic.counts() == before, "nothing written")

        // The lot that was there may be named.
        let named = try clinic.recorded(
            "MRN-0008", "SKIN-BOOST", ["--at", sessionAt.description, "--lot", "\(Self.product):HB-OLD"])
        #expect(Self.lotNumbers(named, "lots") == ["HB-OLD"])
    }

    @Test func aLotReceivedUpToTenMinutesAfterTheSessionCountsAsThere() throws {
        let clinic = try SessionClinic("cli_received_tolerance")
        let arrival = Self.time(daysAgo: 5, hour: 10)
        try Self.receive(clinic, "HB-EDGE", expiresIn: 100, at: arrival)

        // 10 minutes and 1 second before the receipt: beyond the clocks' tolerance.
        let before = try clinic.counts()
        let tooEarly = try clinic.record("MRN-0008", "SKIN-BOOST", ["--at", Self.time(daysAgo: 5, hour: 9, minute: 49, second: 59).description])
        #expect(tooEarly.status == 3, "\(tooEarly)")
        #expect(tooEarly.stderr.contains("HB-EDGE not yet received"), "\(tooEarly)")
        #expect(try clinic.counts() == before)

        // Exactly 10 minutes before: drawn, and the ledger trigger (Schema/0009) allows the same margin.
        let atTheEdge = try clinic.recorded("MRN-0008", "SKIN-BOOST", ["--at", Self.time(daysAgo: 5, hour: 9, minute: 50).description])
        #expect(Self.lotNumbers(atTheEdge, "lots") == ["HB-EDGE"])
    }

    @Test func receiveAtOutsideTheAllowedWindowIsRefusedAndWritesNothing() throws {
        let clinic = try SessionClinic("cli_received_at_input")
        let tables = ["lot", "stock_movement", "lot_status_change"]
        let before = try clinic.database.rowCounts(of: tables)
        let expiry = CalendarDate.today(plus: 300)
        let typed = ["lot", "receive", "--product", Self.product, "--lot", "HB-1", "--expiry", expiry.description, "--vials", "1"]
        let scanned = ["lot", "receive", "--gs1", "(01)09520107000037(17)\(expiry.gs1YYMMDD)(10)HB-2", "--vials", "1"]
        let inAnHour = Timestamp.now().adding(seconds: 3600).description
        let longAgo = Self.time(daysAgo: 400).description
        for (form, says) in [(inAnHour, "in the future"), (longAgo, "more than a year ago"), ("yesterday", "ISO 8601")] {
            for arguments in [typed, scanned] {
                let outcome = try clinic.pharmacy.run(arguments + ["--at", form, "--format", "json"])
                #expect(outcome.status == 65, "\(arguments) --at \(form): \(outcome)")
                let error = try outcome.jsonError()
                #expect(error["field"] as? String == "--at", "\(outcome)")
                #expect((error["message"] as? String)?.contains(says) == true, "\(outcome)")
                #expect(outcome.stdout.isEmpty)
            }
        }
        #expect(try clinic.database.rowCounts(of: tables) == before, "nothing written")

        // An expiry before the day the lot arrived is refused as an expired receipt.
        let expiredOnArrival = try clinic.pharmacy.run(
            ["lot", "receive", "--product", Self.product, "--lot", "HB-3", "--expiry", CalendarDate.today(plus: -40).description,
             "--vials", "1", "--at", Self.time(daysAgo: 30).description])
        #expect(expiredOnArrival.status == 65, "\(expiredOnArrival)")
        #expect(expiredOnArrival.stderr.contains("before the lot arrived"), "\(expiredOnArrival)")
        #expect(try clinic.database.rowCounts(of: tables) == before, "nothing written")

        // In the window: the lot carries its arrival; its ledger row, when it was written.
        let arrival = Self.time(daysAgo: 30, hour: 8)
        for arguments in [typed, scanned] {
            let received = try clinic.pharmacy.run(arguments + ["--at", arrival.description, "--format", "json"])
            #expect(received.status == 0, "\(received)")
            let lot = try #require(try received.json() as? [String: Any])
            #expect(lot["received_at"] as? String == arrival.description)
            #expect(lot["status"] as? String == "released")
            #expect(lot["usable"] as? Bool == true)
        }
        let recorded: [Timestamp] = try clinic.admin.query(
            "SELECT recorded_at FROM stock_movement WHERE kind = 'receipt' ORDER BY id"
        ).rows.map { try $0.decode("recorded_at") }
        #expect(recorded.count == 2 && recorded.allSatisfy { $0 > arrival.adding(seconds: 29 * 86_400) })
        #expect(try clinic.verify().status == 0)
    }

    @Test func theLedgerTriggerRefusesASessionUseRowForALotReceivedAfterTheSession() throws {
        let clinic = try SessionClinic("cli_received_trigger")
        try Self.receive(clinic, "HB-OLD", expiresIn: 300, at: Self.time(daysAgo: 30, hour: 8))
        try Self.receive(clinic, "HB-NEW", expiresIn: 100, at: Self.time(daysAgo: 1, hour: 8))
        let session = try #require(
            try clinic.recorded("MRN-0008", "SKIN-BOOST", ["--at", Self.time(daysAgo: 10).description])["session_id"] as? Int)
        let newLot: Int64 = try clinic.admin.query("SELECT id FROM lot WHERE lot_number = 'HB-NEW'").rows[0].decode("id")
        let balance = try clinic.balance("HB-NEW")

        // Written by hand, around meso: the database itself refuses it.
        let error = #expect(throws: PostgresError.self) {
            try clinic.admin.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id)
                SELECT \(newLot), 'session-use', -1, 0, 'hand-written', s.id, s.patient_id FROM session s WHERE s.id = \(Int64(session))
                """)
        }
        #expect(error?.sqlState == .unusableLot, "\(String(describing: error))")
        #expect(error?.message.contains("Lot HB-NEW of \(Self.product) was not yet received at the session's time") == true,
                "\(String(describing: error))")
        #expect(try clinic.balance("HB-NEW") == balance)

        // The lot that was there is still accepted for the same session (and rolled back).
        let oldLot: Int64 = try clinic.admin.query("SELECT id FROM lot WHERE lot_number = 'HB-OLD'").rows[0].decode("id")
        try clinic.admin.query("BEGIN")
        try clinic.admin.query(
            """
            INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id)
            SELECT \(oldLot), 'session-use', -1, 0, 'hand-written', s.id, s.patient_id FROM session s WHERE s.id = \(Int64(session))
            """)
        try clinic.admin.query("ROLLBACK")
    }
}
