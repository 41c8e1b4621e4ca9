import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// `lot receive --scans FILE|-`: a delivery as a scanner dumps it, one element string a line,
/// received in one transaction, all or nothing.
@Suite("Receiving a scanned delivery")
struct LotScansTests {
    static let tables = LotRepeatReceiptTests.tables

    /// A scans file in the test's temporary directory.
    static func file(_ name: String, _ lines: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "meso-scans-\(getpid())-\(name).txt"
        try Data((lines.joined(separator: "\r\n") + "\r\n").utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aDeliveryIsReceivedOneReceiptPerLotWithItsPacksAndSerials() throws {
        let clinic = try SessionClinic("cli_scans_delivery")
        let expiry = CalendarDate.today(plus: 300)
        let yymmdd = expiry.gs1YYMMDD
        // PD-OLD is on file: its lines need no expiry (17) and take its own.
        try clinic.receive("PDRN-2", "PD-OLD", vials: 1, days: 300)
        let gs = "\u{1D}"
        let path = try Self.file(
            "delivery",
            [
                "(01)09520107000099(17)\(yymmdd)(10)PD-NEW(21)A1",
                "]d2010952010700009917\(yymmdd)10PD-NEW\(gs)21A2",
                "",
                "  (01)09520107000099(17)\(yymmdd)(10)PD-NEW(21)A3\t",
                "(01)09520107000099(10)PD-OLD(21)B1",
                "\(gs)0109520107000112" + "17\(yymmdd)" + "10LD-NEW\(gs)21C1",
            ])
        let outcome = try clinic.pharmacy.run(
            ["lot", "receive", "--scans", path, "--vials-per-pack", "2", "--supplier", "Grossiste Est", "--quarantine",
             "--format", "json"])
        #expect(outcome.status == 0, "\(outcome)")
        let lots = try #require(try outcome.json() as? [[String: Any]])
        #expect(lots.map { $0["lot_number"] as? String } == ["PD-NEW", "PD-OLD", "LD-NEW"])
        #expect(lots.map { $0["packs"] as? Int } == [3, 1, 1])
        #expect(lots.map { $0["vials"] as? Int } == [6, 2, 2])
        #expect(lots.map { $0["received_ml"] as? String } == ["12.000", "4.000", "40.000"])
        #expect(lots.map { $0["new_lot"] as? Bool } == [true, false, true])
        // --quarantine holds the new lots back; the lot on file keeps its status.
        #expect(lots.map { $0["status"] as? String } == ["quarantined", "released", "quarantined"])
        #expect(lots.map { $0["serials"] as? [String] } == [["A1", "A2", "A3"], ["B1"], ["C1"]])
        #expect(lots.map { $0["expiry"] as? String } == Array(repeating: expiry.description, count: 3))
        let table = try clinic.pharmacy.run(["lot", "show", "--product", "PDRN-2", "--lot", "PD-NEW"])
        #expect(table.stdout.contains("Grossiste Est"))

        let counts = try clinic.database.rowCounts(of: ["lot_receipt", "lot_receipt_pack"])
        #expect(counts == ["lot_receipt": 4, "lot_receipt_pack": 5])
        let packs = try clinic.admin.query(
            "SELECT element_string, elements->'21'->>'value' AS serial FROM lot_receipt_pack ORDER BY serial"
        ).rows.map { "\(try $0.decode("element_string", as: String.self)) \(try $0.decode("serial", as: String.self))" }
        #expect(packs.first == "(01)09520107000099(17)\(yymmdd)(10)PD-NEW(21)A1 A1")
        #expect(packs.count == 5)

        // Read from stdin: the same packs again are refused, each naming its earlier receipt.
        let again = try clinic.pharmacy.run(
            ["lot", "receive", "--scans", "-", "--format", "json"],
            stdin: "(01)09520107000099(17)\(yymmdd)(10)PD-NEW(21)A2\n")
        #expect(again.status == 65, "\(again)")
        #expect((try again.jsonError()["message"] as? String)?.contains("Line 1: this is the pack with GTIN 09520107000099 and serial A2, already received with receipt") == true, "\(again)")
        #expect(try clinic.verify().status == 0)
    }

    /// A delivery typed in after the fact: every receipt of the file carries the `--at` time, within
    /// the bounds a single receipt has; outside them nothing is received.
    @Test func aScannedDeliveryTypedInLateIsReceivedAtItsTime() throws {
        let clinic = try SessionClinic("cli_scans_at")
        let yymmdd = CalendarDate.today(plus: 300).gs1YYMMDD
        let path = try Self.file(
            "late",
            ["(01)09520107000099(17)\(yymmdd)(10)PD-LATE(21)L1", "(01)09520107000112(17)\(yymmdd)(10)LD-LATE(21)L2"])
        let arrived = Timestamp(date: CalendarDate.today(plus: -3), hour: 9)
        for bad in [Timestamp(date: CalendarDate.today(plus: -400), hour: 9), Timestamp(date: CalendarDate.today(plus: 2), hour: 9)] {
            let refused = try clinic.pharmacy.run(
                ["lot", "receive", "--scans", path, "--at", bad.description, "--format", "json"])
            #expect(refused.status == 65, "\(refused)")
            #expect(try refused.jsonError()["field"] as? String == "--at", "\(refused)")
            #expect(try clinic.database.rowCounts(of: ["lot", "lot_receipt", "lot_receipt_pack"]).values.allSatisfy { $0 == 0 })
        }
        let outcome = try clinic.pharmacy.run(["lot", "receive", "--scans", path, "--at", arrived.description, "--format", "json"])
        #expect(outcome.status == 0, "\(outcome)")
        let times = try clinic.admin.query(
            """
            SELECT l.lot_number, r.received_at = \(arrived) AS receipt_at, l.received_at = \(arrived) AS lot_at
              FROM lot_receipt r JOIN lot l ON l.id = r.lot_id ORDER BY l.lot_number
            """
        ).rows.map { "\(try $0.decode("lot_number", as: String.self)) \(try $0.decode("receipt_at", as: Bool.self)) \(try $0.decode("lot_at", as: Bool.self))" }
        #expect(times == ["LD-LATE true true", "PD-LATE true true"])
        #expect(try clinic.verify().status == 0)
    }

    @Test func aFileWithBadLinesWritesNothingAndReportsEveryOneByNumber() throws {
        let clinic = try SessionClinic("cli_scans_bad_lines")
        let yymmdd = CalendarDate.today(plus: 300).gs1YYMMDD
        let other = CalendarDate.today(plus: 301).gs1YYMMDD
        let path = try Self.file(
            "bad",
            [
                "(01)09520107000099(17)\(yymmdd)(10)PD-1(21)S1",  // good
                "(01)09520107000098(17)\(yymmdd)(10)PD-1(21)S2",  // check digit
                "(01)09520107000099(17)\(yymmdd)(10)PD-1(21)S1",  // scanned twice in the file
                "(01)09520107000099(10)PD-2(21)S3",  // no expiry, lot not on file
                "(01)09520107000099(17)\(other)(10)PD-1(21)S4",  // another expiry for PD-1
                "(01)03401234567890(17)\(yymmdd)(10)X(21)S5",  // no product has this GTIN
                "(01)09520107000099(17)\(yymmdd)(21)S6",  // no lot
            ])
        let before = try clinic.database.rowCounts(of: Self.tables)
        let outcome = try clinic.pharmacy.run(["lot", "receive", "--scans", path, "--format", "json"])
        #expect(outcome.status == 65, "\(outcome)")
        let error = try outcome.jsonError()
        #expect(error["field"] as? String == "--scans")
        let message = try #require(error["message"] as? String)
        #expect(message.hasPrefix("Nothing received: 6 lines of 7 in --scans refused. Line 2: the label: the GTIN (01) 09520107000098 has a wrong check digit"), "\(message)")
        for line in 2...7 { #expect(message.contains("Line \(line): "), "line \(line): \(message)") }
        #expect(!message.contains("Line 1: "), "\(message)")
        #expect(message.contains("Line 3: the pack already scanned on line 1 (GTIN 09520107000099, serial S1)"))
        #expect(message.contains("Line 4: no expiry (17), and lot PD-2 of PDRN-2 is not on file"))
        #expect(message.contains("Line 5: the expiry \(CalendarDate.today(plus: 301)) for lot PD-1 of PDRN-2, where line 1 gives"))
        #expect(message.contains("Line 6: the GTIN 03401234567890 is no product's"))
        #expect(message.contains("Line 7: the label has no lot (10)"))
        #expect(try clinic.database.rowCounts(of: Self.tables) == before, "nothing written")
        // In text, one line on stderr.
        let text = try clinic.pharmacy.run(["lot", "receive", "--scans", path])
        #expect(text.status == 65 && text.isOneSentenceError, "\(text)")

        // A delivery whose only refused line is a recalled lot is refused by a stock rule (exit 3).
        try clinic.receive("PDRN-2", "PD-R", vials: 1, days: 300)
        #expect(try clinic.pharmacy.run(["lot", "recall", "--product", "PDRN-2", "--lot", "PD-R", "--reason", "recall"]).status == 0)
        let recalled = try clinic.pharmacy.run(
            ["lot", "receive", "--scans", "-", "--format", "json"],
            stdin: "(01)09520107000099(17)\(yymmdd)(10)PD-1(21)S1\n(01)09520107000099(10)PD-R(21)S9\n")
        #expect(recalled.status == 3, "\(recalled)")
        #expect((try recalled.jsonError()["message"] as? String)?.contains("Line 2: a pack of lot PD-R of PDRN-2, which is recalled") == true)
        #expect(try clinic.database.rowCounts(of: ["lot_receipt_pack"]) == ["lot_receipt_pack": 0])

        let empty = try clinic.pharmacy.run(["lot", "receive", "--scans", "-", "--format", "json"], stdin: "\n  \n")
        #expect(empty.status == 65, "\(empty)")
        #expect(try empty.jsonError()["field"] as? String == "--scans", "\(empty)")
    }
}
