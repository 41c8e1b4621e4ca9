import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A session recorded after the fact plans from the lots that were in the clinic at its time first;
/// when it can only draw a lot received since, the check says so (an information finding, which
/// changes no verdict) and the practitioner names the lot the notes record with `--lot`. Deliveries
/// typed in after the fact carry their arrival with `lot receive --at`.
///
/// SKIN-BOOST is one 2 mL syringe of HA-BOOST-2 (single-use, 2 mL); MRN-0008 has no known allergy
/// and no condition, so the stock is all that decides.
@Suite("Lots received after a session's time")
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

    static func arrivalFindings(_ document: [String: Any]) -> [String] {
        (document["findings"] as? [[String: Any]] ?? []).filter {
            $0["rule"] as? String == "stock" && $0["severity"] as? String == "info"
        }.compactMap { $0["message"] as? String }
    }

    @Test func onlyALotReceivedSinceIsDrawnAndTheCheckSaysSoWithoutChangingTheVerdict() throws {
        let clinic = try SessionClinic("cli_received_since")
        let arrival = Timestamp.now()
        try Self.receive(clinic, "HB-NEW", expiresIn: 100, at: nil)
        let twoDaysAgo = Self.time(daysAgo: 2)

        let check = try clinic.meso.run(
            ["check", "--patient", "MRN-0008", "--formula", "SKIN-BOOST", "--at", twoDaysAgo.description, "--format", "json"])
        #expect(check.status == 0, "\(check)")
        let report = try #require(try check.json() as? [String: Any])
        #expect(report["verdict"] as? String == "PASS")
        let said = Self.arrivalFindings(report)
        #expect(said.count == 1, "\(report)")
        #expect(said.first?.hasPrefix("Lot HB-NEW of \(Self.product) was received at ") == true, "\(said)")
        #expect(said.first?.hasSuffix("after the session's time \(twoDaysAgo): if the notes name another lot, give it with --lot.") == true)
        let receivedAt = try #require(said.first.flatMap { Timestamp(iso: String($0.split(separator: " ")[7].dropLast())) })
        #expect(receivedAt >= arrival.adding(seconds: -5) && receivedAt <= Timestamp.now())

        // Recorded as planned, the finding stored with it; the lot named is drawn just the same.
        let recorded = try clinic.recorded("MRN-0008", "SKIN-BOOST", ["--at", twoDaysAgo.description])
        #expect(Self.lotNumbers(recorded, "lots") == ["HB-NEW"])
        let shown = try clinic.show(try #require(recorded["session_id"] as? Int))
        #expect(Self.arrivalFindings(shown).count == 1, "\(shown)")
        let named = try clinic.recorded(
            "MRN-0006", "SKIN-BOOST", ["--at", twoDaysAgo.description, "--lot", "\(Self.product):HB-NEW"])
        #expect(Self.lotNumbers(named, "lots") == ["HB-NEW"])
        #expect(try clinic.verify().status == 0)

        // Checked for now, the lot is simply there.
        let today = try #require(
            try clinic.meso.run(["check", "--patient", "MRN-0007", "--formula", "SKIN-BOOST", "--format", "json"]).json()
                as? [String: Any])
        #expect(Self.arrivalFindings(today).isEmpty, "\(today)")
    }

    @Test func aLotReceivedUpToTenMinutesAfterTheSessionCountsAsThere() throws {
        let clinic = try SessionClinic("cli_received_tolerance")
        let arrival = Self.time(daysAgo: 5, hour: 10)
        try Self.receive(clinic, "HB-EDGE", expiresIn: 100, at: arrival)

        func said(at time: Timestamp) throws -> [String] {
            let check = try clinic.meso.run(
                ["check", "--patient", "MRN-0008", "--formula", "SKIN-BOOST", "--at", time.description, "--format", "json"])
            #expect(check.status == 0, "\(check)")
            return Self.arrivalFindings(try #require(try check.json() as? [String: Any]))
        }
        // 10 minutes and 1 second before the receipt: beyond the clocks' tolerance.
        #expect(try said(at: Self.time(daysAgo: 5, hour: 9, minute: 49, second: 59)).count == 1)
        // Exactly 10 minutes before: the lot counts as there.
        #expect(try said(at: Self.time(daysAgo: 5, hour: 9, minute: 50)).isEmpty)
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
}
