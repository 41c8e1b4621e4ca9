import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// A lot is one product, lot number and expiry, and arrives as many times as it is delivered: each
/// delivery is a receipt of its own with its ledger row, listed by `lot show`; a pack (GTIN and serial)
/// is received once.
@Suite("Repeat deliveries and scanned packs")
struct LotRepeatReceiptTests {
    static let tables = ["lot", "lot_receipt", "lot_receipt_pack", "stock_movement", "lot_status_change"]

    /// `days` ago at hh:00 UTC.
    static func time(daysAgo days: Int, hour: Int = 9) -> Timestamp {
        Timestamp(date: CalendarDate.today(plus: -days), hour: hour)
    }

    static func show(_ meso: MesoCLI, _ product: String, _ lot: String) throws -> [String: Any] {
        let outcome = try meso.run(["lot", "show", "--product", product, "--lot", lot, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome)")
        return try #require(try outcome.json() as? [String: Any])
    }

    @Test func aLotReceivedAgainGetsAReceiptOfItsOwnAndKeepsItsStatusAndFirstArrival() throws {
        let clinic = try SessionClinic("cli_repeat_receipts")
        let expiry = CalendarDate.today(plus: 200).description
        let first = Self.time(daysAgo: 5)
        func receive(_ extra: [String]) throws -> MesoCLI.Outcome {
            try clinic.pharmacy.run(
                ["lot", "receive", "--product", "PDRN-2", "--lot", "PD-1", "--expiry", expiry, "--format", "json"] + extra)
        }
        let quarantined = try receive(["--vials", "2", "--supplier", "Lab Nord", "--quarantine", "--at", first.description])
        #expect(quarantined.status == 0, "\(quarantined)")
        // A second delivery, typed without --quarantine: the lot stays quarantined.
        let second = try receive(["--vials", "3", "--supplier", "Lab Sud"])
        #expect(second.status == 0, "\(second)")
        let again = try #require(try second.json() as? [String: Any])
        #expect(again["status"] as? String == "quarantined", "a receipt never changes the lot's status")
        #expect(again["receipt_count"] as? Int == 2)
        #expect(again["vials_received"] as? Int == 5)
        #expect(again["on_hand_ml"] as? String == "10.000")
        #expect(again["receipt_vials"] as? Int == 3)
        #expect(again["received_at"] as? String == first.description, "the lot's received_at is its first receipt")
        #expect(second.stdout.isEmpty == false)

        // A delivery typed in late, that arrived before the first: the lot's first arrival moves to it.
        let earlier = Self.time(daysAgo: 7)
        #expect(try receive(["--vials", "1", "--at", earlier.description]).status == 0)
        let lot = try Self.show(clinic.pharmacy, "PDRN-2", "PD-1")
        #expect(lot["received_at"] as? String == earlier.description)
        let receipts = try #require(lot["receipts"] as? [[String: Any]])
        #expect(receipts.map { $0["received_at"] as? String } == [earlier.description, first.description, receipts[2]["received_at"] as? String])
        #expect(receipts.map { $0["vials"] as? Int } == [1, 2, 3])
        #expect(receipts.map { $0["supplier"] as? String } == [nil, "Lab Nord", "Lab Sud"])
        #expect(receipts.allSatisfy { $0["recorded_by"] as? String == "pharmacist" && $0["recorded_login"] is String })
        #expect(lot["suppliers"] as? [String] == ["Lab Nord", "Lab Sud"])
        let ledger = try #require(lot["movements"] as? [[String: Any]])
        #expect(ledger.map { $0["kind"] as? String } == ["receipt", "receipt", "receipt"])
        #expect(ledger.map { $0["quantity_ml"] as? String } == ["4.000", "6.000", "2.000"])
        let table = try clinic.pharmacy.run(["lot", "show", "--product", "PDRN-2", "--lot", "PD-1"])
        #expect(table.stdout.contains("Receipts") && table.stdout.contains("Lab Sud"), "\(table.stdout)")

        // Released, it refuses --quarantine on a receipt, with the command that quarantines the lot.
        #expect(try clinic.pharmacy.run(["lot", "release", "--product", "PDRN-2", "--lot", "PD-1", "--reason", "CoA"]).status == 0)
        let before = try clinic.database.rowCounts(of: Self.tables)
        let held = try receive(["--vials", "1", "--quarantine"])
        #expect(held.status == 3, "\(held)")
        #expect(
            try held.jsonError()["message"] as? String
                == "Lot PD-1 of PDRN-2 is on file and released; a receipt never changes a lot's status: receive it without --quarantine, then hold the whole lot back with meso lot quarantine --product PDRN-2 --lot PD-1 --reason TEXT.")
        // Another expiry is another lot, or a typo: invalid input.
        let typo = try clinic.pharmacy.run(
            ["lot", "receive", "--product", "PDRN-2", "--lot", "PD-1", "--expiry", CalendarDate.today(plus: 201).description,
             "--vials", "1", "--format", "json"])
        #expect(typo.status == 65, "\(typo)")
        #expect(try typo.jsonError()["field"] as? String == "--expiry")
        // A recalled lot receives nothing, and neither does a destroyed one.
        #expect(try clinic.pharmacy.run(["lot", "recall", "--product", "PDRN-2", "--lot", "PD-1", "--reason", "recall"]).status == 0)
        let recalled = try receive(["--vials", "1"])
        #expect(recalled.status == 3, "\(recalled)")
        #expect((try recalled.jsonError()["message"] as? String)?.contains("is recalled: a recalled or destroyed lot receives nothing") == true)
        #expect(try clinic.pharmacy.run(["lot", "destroy", "--product", "PDRN-2", "--lot", "PD-1", "--reason", "recall"]).status == 0)
        #expect(try receive(["--vials", "1"]).status == 3)
        var after = try clinic.database.rowCounts(of: Self.tables)
        after["stock_movement"]! -= 1  // the destruction
        after["lot_status_change"]! -= 2  // the recall and the destruction
        #expect(after == before, "the refused receipts wrote nothing")
        #expect(try clinic.verify().status == 0)
    }

    @Test func aPackIsReceivedOnceAndTheRefusalNamesTheEarlierReceipt() throws {
        let clinic = try SessionClinic("cli_pack_twice")
        let yymmdd = CalendarDate.today(plus: 300).gs1YYMMDD
        let label = "(01)09520107000099(17)\(yymmdd)(10)PD-7(21)SN-0042"
        let first = try clinic.pharmacy.run(["lot", "receive", "--gs1", label, "--vials", "5", "--format", "json"])
        #expect(first.status == 0, "\(first)")
        let receipt = try #require((try first.json() as? [String: Any])?["receipt_id"] as? Int)
        // Another pack of the same lot: a second receipt.
        #expect(
            try clinic.pharmacy.run(["lot", "receive", "--gs1", "(01)09520107000099(17)\(yymmdd)(10)PD-7(21)SN-0043", "--vials", "5"])
                .status == 0)

        // The first pack again, scanned in the other form: the same pack scanned twice.
        let before = try clinic.database.rowCounts(of: Self.tables)
        let twice = try clinic.pharmacy.run(
            ["lot", "receive", "--gs1", "]d2010952010700009917\(yymmdd)10PD-7\u{1D}21SN-0042", "--vials", "5", "--format", "json"])
        #expect(twice.status == 65, "\(twice)")
        let error = try twice.jsonError()
        #expect(error["field"] as? String == "--gs1")
        let message = try #require(error["message"] as? String)
        #expect(message.contains("GTIN 09520107000099 and serial SN-0042, already received with receipt \(receipt) of lot PD-7 of PDRN-2"), "\(message)")
        #expect(message.hasSuffix("the same pack scanned twice."))
        #expect(try clinic.database.rowCounts(of: Self.tables) == before)

        let lot = try LotRepeatReceiptTests.show(clinic.pharmacy, "PDRN-2", "PD-7")
        let receipts = try #require(lot["receipts"] as? [[String: Any]])
        #expect(receipts.map { $0["serials"] as? [String] } == [["SN-0042"], ["SN-0043"]])
        #expect((receipts.first?["element_strings"] as? [String]) == ["(01)09520107000099(17)\(yymmdd)(10)PD-7(21)SN-0042"])

        // Every other AI of the label is kept with the pack: its value as printed and what it means.
        let extra = try clinic.pharmacy.run(
            ["lot", "receive", "--gs1", "(01)09520107000099(11)260115(17)\(yymmdd)(10)PD-7(21)SN-0044(30)12", "--vials", "12"])
        #expect(extra.status == 0, "\(extra)")
        let stored = try clinic.admin.query(
            """
            SELECT element_string, elements->'11'->>'date' AS made, elements->'30'->>'count' AS count,
                   elements->'17'->>'value' AS printed
              FROM lot_receipt_pack WHERE serial = 'SN-0044'
            """
        ).rows[0]
        #expect(try stored.decode("element_string", as: String.self) == "(01)09520107000099(11)260115(17)\(yymmdd)(10)PD-7(21)SN-0044(30)12")
        #expect(try stored.decode("made", as: String.self) == "2026-01-15")
        #expect(try stored.decode("count", as: String.self) == "12")
        #expect(try stored.decode("printed", as: String.self) == yymmdd)
        #expect(try clinic.verify().status == 0)
    }

    @Test func aLabelWithoutAnExpiryNeedsOneTypedAndABestBeforeDateIsNotOne() throws {
        let clinic = try SessionClinic("cli_gs1_no_expiry")
        let expiry = CalendarDate.today(plus: 250)
        let noExpiry = try clinic.pharmacy.run(
            ["lot", "receive", "--gs1", "(01)09520107000099(10)PD-9(21)S1", "--vials", "1", "--format", "json"])
        #expect(noExpiry.status == 65, "\(noExpiry)")
        #expect(try noExpiry.jsonError()["message"] as? String
            == "--gs1 has no expiry (17): give the expiry printed on the pack with --expiry (a best-before date (15) is not an expiry).")
        // A best-before date (15) is not read as the expiry.
        let bestBefore = try clinic.pharmacy.run(
            ["lot", "receive", "--gs1", "(01)09520107000099(15)\(expiry.gs1YYMMDD)(10)PD-9", "--vials", "1", "--format", "json"])
        #expect(bestBefore.status == 65, "\(bestBefore)")
        #expect((try bestBefore.jsonError()["message"] as? String)?.contains("(15)") == true, "\(bestBefore)")

        let typed = try clinic.pharmacy.run(
            ["lot", "receive", "--gs1", "(01)09520107000099(10)PD-9(21)S1", "--expiry", expiry.description, "--vials", "1",
             "--format", "json"])
        #expect(typed.status == 0, "\(typed)")
        #expect((try typed.json() as? [String: Any])?["expiry"] as? String == expiry.description)
    }

    /// SKIN-BOOST is one 2 mL syringe of HA-BOOST-2 (single-use). What a receipt brought counts for a
    /// session from the receipt's time: a back-dated session draws the lot's earlier vials, then
    /// another lot that was there, and a later receipt's vials only when nothing else suffices.
    @Test func theVialsOfAReceiptCountForASessionFromTheReceiptsTime() throws {
        let clinic = try SessionClinic("cli_repeat_receipt_arrival")
        let product = LotReceivedBeforeUseTests.product
        try clinic.receive(product, "HB-A", vials: 1, days: 100, ["--at", Self.time(daysAgo: 10).description])
        try clinic.receive(product, "HB-A", vials: 3, days: 100)
        let fiveDaysAgo = Self.time(daysAgo: 5, hour: 10).description

        // The one vial HB-A had then.
        let first = try clinic.recorded("MRN-0008", "SKIN-BOOST", ["--at", fiveDaysAgo])
        #expect(LotReceivedBeforeUseTests.lotNumbers(first, "lots") == ["HB-A"])
        #expect(LotReceivedBeforeUseTests.arrivalFindings(first).isEmpty)

        // Then only today's vials were left: drawn, and said.
        let second = try clinic.recorded("MRN-0006", "SKIN-BOOST", ["--at", fiveDaysAgo])
        #expect(LotReceivedBeforeUseTests.lotNumbers(second, "lots") == ["HB-A"])
        let said = LotReceivedBeforeUseTests.arrivalFindings(second)
        #expect(said.count == 1 && said.first?.hasPrefix("Lot HB-A of \(product): the vials drawn arrived with its receipt of ") == true, "\(said)")

        // Another lot that was there then comes before today's vials of HB-A, though it expires later.
        try clinic.receive(product, "HB-B", vials: 2, days: 300, ["--at", Self.time(daysAgo: 10).description])
        let third = try clinic.recorded("MRN-0004", "SKIN-BOOST", ["--at", fiveDaysAgo])
        #expect(LotReceivedBeforeUseTests.lotNumbers(third, "lots") == ["HB-B"])
        #expect(LotReceivedBeforeUseTests.arrivalFindings(third).isEmpty)
        #expect(try clinic.verify().status == 0)
    }

    @Test func timesAheadOfTheDatabasesClockAreRefusedBeyondTheClockTolerance() throws {
        let clinic = try SessionClinic("cli_clock_tolerance")
        let now: Timestamp = try clinic.admin.query("SELECT now() AS now").rows[0].decode("now")
        let expiry = CalendarDate.today(plus: 100).description
        let receive = ["lot", "receive", "--product", "PDRN-2", "--lot", "PD-T", "--expiry", expiry, "--vials", "1", "--format", "json"]
        // Five minutes ahead: within the tolerance (clocks disagree a little).
        let soon = try clinic.pharmacy.run(receive + ["--at", now.adding(seconds: 300).description])
        #expect(soon.status == 0, "\(soon)")
        let ahead = try clinic.pharmacy.run(receive + ["--at", now.adding(seconds: 1200).description])
        #expect(ahead.status == 65, "\(ahead)")
        #expect(try ahead.jsonError()["field"] as? String == "--at")
        #expect((try ahead.jsonError()["message"] as? String)?.contains("is in the future: a lot is received once it has arrived") == true)
        let session = try clinic.record("MRN-0008", "PDRN-REGEN", ["--at", now.adding(seconds: 1200).description])
        #expect(session.status == 65, "\(session)")
        #expect((try session.jsonError()["message"] as? String)?.contains("is in the future: a session is recorded once it has been performed") == true)
        // The database keeps the same bound on its own receipts, whoever writes them.
        let lot: Int64 = try clinic.admin.query("SELECT id FROM lot WHERE lot_number = 'PD-T'").rows[0].decode("id")
        let error = #expect(throws: PostgresError.self) {
            try clinic.admin.query(
                "INSERT INTO lot_receipt (lot_id, received_at, vials, recorded_by) VALUES (\(lot), now() + interval '11 minutes', 1, 'x')")
        }
        #expect(error?.sqlState == .checkViolation, "\(String(describing: error))")
        #expect("\(String(describing: error))".contains("lot_receipt_received_at_bounded"))
    }
}
