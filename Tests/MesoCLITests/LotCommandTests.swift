import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("meso lot")
struct LotCommandTests {
    static let tables = ["lot", "stock_movement", "lot_status_change", "product"]
    let expiry = CalendarDate.today(plus: 300)

    func receive(_ meso: MesoCLI, _ product: String, _ lot: String, vials: Int = 2, days: Int = 300, _ extra: [String] = [])
        throws
    {
        let outcome = try meso.run(
            ["lot", "receive", "--product", product, "--lot", lot, "--expiry", CalendarDate.today(plus: days).description,
             "--vials", String(vials)] + extra)
        #expect(outcome.status == 0, "\(outcome)")
    }

    /// Runs a command that must be refused with `status`, one sentence, and nothing written.
    @discardableResult
    func expectRefused(
        _ meso: MesoCLI, _ database: TestDatabase, _ arguments: [String], status: Int32 = 65, field: String? = nil,
        mentioning text: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let before = try database.rowCounts(of: Self.tables)
        let outcome = try meso.run(arguments + ["--format", "json"])
        #expect(outcome.status == status, "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, sourceLocation: sourceLocation)
        let error = try outcome.jsonError()
        let message = error["message"] as? String ?? ""
        if let field { #expect(error["field"] as? String == field, "\(outcome)", sourceLocation: sourceLocation) }
        if let text { #expect(message.contains(text), "\(outcome)", sourceLocation: sourceLocation) }
        #expect(message.hasSuffix("."), sourceLocation: sourceLocation)
        #expect(try database.rowCounts(of: Self.tables) == before, sourceLocation: sourceLocation)
        return message
    }

    @Test func receiveByFlagsAndByGS1InBothForms() throws {
        let database = try TestDatabase.seeded("cli_lot_receive")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let typed = try meso.run([
            "lot", "receive", "--product", "lido-1-md", "--lot", "LD-2611", "--expiry", expiry.description, "--vials", "3",
            "--supplier", "Pharma Sud", "--format", "json",
        ])
        #expect(typed.status == 0, "\(typed)")
        let lot = try #require(try typed.json() as? [String: Any])
        #expect(lot["product_code"] as? String == "LIDO-1-MD")
        #expect(lot["status"] as? String == "released", "released on receipt unless --quarantine")
        #expect(lot["received_ml"] as? String == "60.000")
        #expect(lot["on_hand_ml"] as? String == "60.000")
        #expect(lot["usable"] as? Bool == true)
        #expect(lot["received_by"] as? String == "pharmacist")

        let bracketed = try meso.run([
            "lot", "receive", "--gs1", "(01)09520107000099(17)\(expiry.gs1YYMMDD)(10)PD-A1(21)SN0001", "--vials", "5",
            "--format", "json",
        ])
        #expect(bracketed.status == 0, "\(bracketed)")
        let pdrn = try #require(try bracketed.json() as? [String: Any])
        #expect(pdrn["product_code"] as? String == "PDRN-2")
        #expect(pdrn["lot_number"] as? String == "PD-A1")
        #expect(pdrn["receipt_serials"] as? [String] == ["SN0001"])
        #expect(pdrn["expiry"] as? String == expiry.description)
        #expect(pdrn["received_ml"] as? String == "10.000")

        // The scanned form: symbology identifier, AIs run together, GS (ASCII 29) after the lot.
        let scanned = try meso.run([
            "lot", "receive", "--gs1", "]d2" + "0109520107000020" + "17" + expiry.gs1YYMMDD + "10HA/15\u{1D}21S-2",
            "--vials", "4", "--quarantine", "--format", "json",
        ])
        #expect(scanned.status == 0, "\(scanned)")
        let ha = try #require(try scanned.json() as? [String: Any])
        #expect(ha["product_code"] as? String == "HA-15-2")
        #expect(ha["lot_number"] as? String == "HA/15")
        #expect(ha["status"] as? String == "quarantined")
        #expect(ha["unusable_reason"] as? String == "quarantined")

        let counts = try database.rowCounts(of: Self.tables)
        #expect(counts["lot"] == 3)
        #expect(counts["stock_movement"] == 3)
        #expect(counts["lot_status_change"] == 3)
        let table = try meso.run(["lot", "list"])
        #expect(table.stdout.contains("3 lot(s)."))
    }

    /// A real pack's label carries more than (01), (17), (10) and (21): production date, best
    /// before, count, expiry time, a national reimbursement number. It is received as any label, and
    /// the same label with one of those extra values malformed is refused with nothing written.
    @Test func receiveByGS1WithEveryKindOfExtraAI() throws {
        let database = try TestDatabase.seeded("cli_lot_receive_extra_ais")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let yymmdd = expiry.gs1YYMMDD
        let extras = "(11)260101(15)\(yymmdd)(30)12(7003)\(yymmdd)1430(714)AIC-034012(3103)000250"
        let bracketed = try meso.run([
            "lot", "receive", "--gs1", "(01)09520107000099(17)\(yymmdd)(10)PD-X1(21)SN-77" + extras, "--vials", "2", "--format", "json",
        ])
        #expect(bracketed.status == 0, "\(bracketed)")
        let lot = try #require(try bracketed.json() as? [String: Any])
        #expect(lot["product_code"] as? String == "PDRN-2")
        #expect(lot["lot_number"] as? String == "PD-X1")
        #expect(lot["receipt_serials"] as? [String] == ["SN-77"])
        #expect(lot["expiry"] as? String == expiry.description, "(17) is the expiry, not (15) nor (7003)")

        // Scanned: GS1 DataMatrix identifier, FNC1, predefined-length AIs run together, GS after the
        // variable ones (doubled once), a trailing CR LF.
        let gs = "\u{1D}"
        let scanned = try meso.run([
            "lot", "receive", "--gs1",
            "]d2" + gs + "0109520107000020" + "11260101" + "17" + yymmdd + "10HA-X2" + gs + gs + "714AIC-1" + gs + "3012" + gs
                + "21S-9\r\n", "--vials", "1", "--format", "json",
        ])
        #expect(scanned.status == 0, "\(scanned)")
        let ha = try #require(try scanned.json() as? [String: Any])
        #expect(ha["product_code"] as? String == "HA-15-2")
        #expect(ha["lot_number"] as? String == "HA-X2")
        #expect(ha["receipt_serials"] as? [String] == ["S-9"])

        func scan(_ gs1: String) -> [String] { ["lot", "receive", "--gs1", gs1, "--vials", "1"] }
        let label = "(01)09520107000037(17)\(yymmdd)(10)HB-9"
        try expectRefused(meso, database, scan(label + "(11)261301"), field: "--gs1", mentioning: "AI (11) PROD DATE 261301 is not a real date")
        try expectRefused(meso, database, scan(label + "(7003)\(yymmdd)2460"), field: "--gs1", mentioning: "there is no hour 24")
        try expectRefused(meso, database, scan(label + "(3103)12345"), field: "--gs1", mentioning: "AI (3103) NET WEIGHT (kg) needs exactly 6 digits")
        try expectRefused(meso, database, scan(label + "(422)999"), field: "--gs1", mentioning: "ISO 3166")
        try expectRefused(meso, database, scan(label + "(250)X"), field: "--gs1", mentioning: "requires with it: (21)")
        try expectRefused(meso, database, scan(label + "(10)HB-8"), field: "--gs1", mentioning: "more than once")
        try expectRefused(meso, database, scan("0109520107000037" + "10HB-9" + gs + "\t17" + yymmdd), field: "--gs1", mentioning: "<U+0009>")
        let message = try expectRefused(meso, database, scan(label + gs), field: "--gs1")
        #expect(message.contains("<GS>") && !message.contains(gs), "a GS is shown, never sent as an invisible byte")
        #expect(try database.rowCounts(of: Self.tables)["lot"] == 2)
    }

    @Test func quarantineThenReleaseAndTheHistoryShowsBoth() throws {
        let meso = MesoCLI(databaseURL: try TestDatabase.seeded("cli_lot_release").url, actor: "pharmacist")
        try receive(meso, "LIDO-1-MD", "Q1", ["--quarantine"])
        let released = try meso.run(["lot", "release", "--product", "LIDO-1-MD", "--lot", "Q1", "--reason", "CoA checked", "--format", "json"])
        #expect(released.status == 0, "\(released)")
        let lot = try #require(try released.json() as? [String: Any])
        #expect(lot["status"] as? String == "released")
        #expect(lot["from_status"] as? String == "quarantined")
        #expect(lot["usable"] as? Bool == true)

        let show = try #require(try meso.run(["lot", "show", "--product", "LIDO-1-MD", "--lot", "Q1", "--format", "json"]).json() as? [String: Any])
        let history = try #require(show["status_history"] as? [[String: Any]])
        #expect(history.map { $0["to_status"] as? String } == ["quarantined", "released"])
        #expect(history.first?["from_status"] is NSNull)
        #expect(history.last?["reason"] as? String == "CoA checked")
        #expect(history.last?["changed_by"] as? String == "pharmacist")
    }

    @Test func showGivesTheLedgerWithItsRunningBalance() throws {
        let meso = MesoCLI(databaseURL: try TestDatabase.seeded("cli_lot_show").url, actor: "pharmacist")
        try receive(meso, "PDRN-2", "L1", vials: 20)
        #expect(try meso.run(["stock", "waste", "--product", "PDRN-2", "--lot", "L1", "--ml", "2.5", "--reason", "spill"]).status == 0)
        #expect(try meso.run(["stock", "count", "--product", "PDRN-2", "--lot", "L1", "--ml", "36", "--reason", "count"]).status == 0)
        #expect(try meso.run(["lot", "destroy", "--product", "PDRN-2", "--lot", "L1", "--reason", "broken seal"]).status == 0)
        let show = try #require(try meso.run(["lot", "show", "--product", "PDRN-2", "--lot", "L1", "--format", "json"]).json() as? [String: Any])
        let movements = try #require(show["movements"] as? [[String: Any]])
        #expect(movements.map { $0["kind"] as? String } == ["receipt", "waste", "count-adjustment", "destruction"])
        #expect(movements.map { $0["quantity_ml"] as? String } == ["40.000", "-2.500", "-1.500", "-36.000"])
        #expect(movements.map { $0["balance_after_ml"] as? String } == ["40.000", "37.500", "36.000", "0.000"])
        #expect(show["status"] as? String == "destroyed")
        #expect(show["on_hand_ml"] as? String == "0.000")

        let table = try meso.run(["lot", "show", "--product", "PDRN-2", "--lot", "L1"])
        #expect(table.stdout.contains("Receipts"))
        #expect(table.stdout.contains("Ledger"))
        #expect(table.stdout.contains("BALANCE AFTER ML"))
        #expect(table.stdout.contains("Status history"))
        let csv = try meso.run(["lot", "show", "--product", "PDRN-2", "--lot", "L1", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("received_at,vials,received_ml,supplier,recorded_by,serials\r\n"))
    }

    @Test func listFiltersByProductStatusAndExpiry() throws {
        let database = try TestDatabase.seeded("cli_lot_list")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        try receive(meso, "LIDO-1-MD", "SOON", days: 20)
        try receive(meso, "LIDO-1-MD", "LATER", days: 200)
        try receive(meso, "PDRN-2", "HELD", days: 10, ["--quarantine"])
        func numbers(_ arguments: [String]) throws -> [String] {
            let outcome = try meso.run(["lot", "list", "--format", "json"] + arguments)
            #expect(outcome.status == 0, "\(outcome)")
            return try #require(try outcome.json() as? [[String: Any]]).compactMap { $0["lot_number"] as? String }
        }
        #expect(try numbers([]) == ["SOON", "LATER", "HELD"])
        #expect(try numbers(["--product", "LIDO-1-MD"]) == ["SOON", "LATER"])
        #expect(try numbers(["--status", "quarantined"]) == ["HELD"])
        #expect(try numbers(["--expiring-within", "30"]) == ["SOON", "HELD"])
        #expect(try numbers(["--expiring-within", "30", "--product", "PDRN-2"]) == ["HELD"])
        let csv = try meso.run(["lot", "list", "--format", "csv"])
        #expect(
            csv.stdout.hasPrefix(
                "product_code,lot_number,expiry,status,usable,unusable_reason,on_hand_ml,received_ml,receipt_count,open_vials,to_discard_ml\r\n"))
        try expectRefused(meso, database, ["lot", "list", "--status", "expired"], field: "--status")
        try expectRefused(meso, database, ["lot", "list", "--expiring-within", "-3"], field: "--expiring-within")
        try expectRefused(meso, database, ["lot", "list", "--expiring-within", "soon"], field: "--expiring-within")
        try expectRefused(meso, database, ["lot", "list", "--product", "NOPE"], field: "--product")
    }

    @Test func badReceiptsAreRefusedWithExit65AndNothingWritten() throws {
        let database = try TestDatabase.seeded("cli_lot_bad_receipt")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        try receive(meso, "LIDO-1-MD", "DUP")
        func typed(_ lot: String = "NEW", expiry: String? = nil, vials: String = "2", product: String = "LIDO-1-MD") -> [String] {
            ["lot", "receive", "--product", product, "--lot", lot, "--expiry", expiry ?? self.expiry.description, "--vials", vials]
        }
        func scanned(_ gs1: String) -> [String] { ["lot", "receive", "--gs1", gs1, "--vials", "1"] }
        let yymmdd = expiry.gs1YYMMDD

        try expectRefused(meso, database, typed(expiry: CalendarDate.today(plus: -1).description), field: "--expiry", mentioning: "already past")
        try expectRefused(meso, database, scanned("(01)09520107000112(17)200131(10)OLD"), field: "--gs1", mentioning: "already past")
        for vials in ["0", "-1", "-3", "abc", "2.5", "1000000", ""] {
            try expectRefused(meso, database, typed(vials: vials), field: "--vials")
        }
        try expectRefused(meso, database, typed(product: "NOPE"), field: "--product", mentioning: "No product has the code NOPE")
        // A lot on file receives another delivery only with its own expiry.
        try expectRefused(
            meso, database, typed("DUP", expiry: CalendarDate.today(plus: 301).description), field: "--expiry",
            mentioning: "a lot has one expiry")
        try expectRefused(meso, database, typed(expiry: "2027-02-30"), field: "--expiry", mentioning: "YYYY-MM-DD")
        try expectRefused(meso, database, typed(expiry: "31/12/2027"), field: "--expiry")
        try expectRefused(meso, database, typed(expiry: "2999-12-31"), field: "--expiry", mentioning: "10 years")
        try expectRefused(meso, database, typed("has space"), field: "--lot")
        try expectRefused(meso, database, scanned("(01)09520107000113(17)\(yymmdd)(10)X"), field: "--gs1", mentioning: "check digit")
        try expectRefused(meso, database, scanned("(01)09520107000112(89)ABC(10)X"), field: "--gs1", mentioning: "(89)")
        try expectRefused(meso, database, scanned("0109520107000112" + "89ABC"), field: "--gs1", mentioning: "(89…)")
        try expectRefused(meso, database, scanned("(01)09520107000112(17)2711"), field: "--gs1", mentioning: "truncated")
        try expectRefused(meso, database, scanned("(01)09520107000112(17)271341(10)X"), field: "--gs1", mentioning: "not a real date")
        try expectRefused(meso, database, scanned("(01)09520107000112(17)\(yymmdd)(10)X(10)Y"), field: "--gs1", mentioning: "more than once")
        try expectRefused(meso, database, scanned("(01)09520107000112(17)\(yymmdd)"), field: "--gs1", mentioning: "lot (10)")
        try expectRefused(meso, database, scanned("(01)09520107000112(10)NO-EXPIRY"), field: "--gs1", mentioning: "--expiry")
        try expectRefused(meso, database, scanned("(01)03401234567890(17)\(yymmdd)(10)X"), field: "--gs1", mentioning: "No product has the GTIN")

        let mixed = try meso.run(["lot", "receive", "--gs1", "(01)09520107000112", "--product", "LIDO-1-MD", "--vials", "1"])
        #expect(mixed.status == 64, "\(mixed)")
        let incomplete = try meso.run(["lot", "receive", "--product", "LIDO-1-MD", "--vials", "1"])
        #expect(incomplete.status == 64, "\(incomplete)")
    }

    @Test func recalledAndDestroyedLotsCannotBeReleased() throws {
        let database = try TestDatabase.seeded("cli_lot_recall")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        try receive(meso, "LIDO-1-MD", "R1", vials: 3)
        let recall = try meso.run(["lot", "recall", "--product", "LIDO-1-MD", "--lot", "R1", "--reason", "manufacturer recall 2026-17"])
        #expect(recall.status == 0, "\(recall)")
        #expect(recall.stdout.contains("Lot R1 of LIDO-1-MD recalled."))
        let message = try expectRefused(
            meso, database, ["lot", "release", "--product", "LIDO-1-MD", "--lot", "R1", "--reason", "mistake"], status: 3)
        #expect(message == "Lot R1 of LIDO-1-MD is recalled and cannot become released.")
        try expectRefused(meso, database, ["lot", "quarantine", "--product", "LIDO-1-MD", "--lot", "R1", "--reason", "x"], status: 3)

        let destroy = try meso.run(["lot", "destroy", "--product", "LIDO-1-MD", "--lot", "R1", "--reason", "recalled", "--format", "json"])
        #expect(destroy.status == 0, "\(destroy)")
        let destroyed = try #require(try destroy.json() as? [String: Any])
        #expect(destroyed["movement_kind"] as? String == "destruction")
        #expect(destroyed["quantity_ml"] as? String == "-60.000")
        #expect(destroyed["on_hand_ml"] as? String == "0.000")
        try expectRefused(meso, database, ["lot", "release", "--product", "LIDO-1-MD", "--lot", "R1", "--reason", "x"], status: 3)
        try expectRefused(meso, database, ["lot", "destroy", "--product", "LIDO-1-MD", "--lot", "R1", "--reason", "x"], status: 3, mentioning: "already destroyed")
        try expectRefused(meso, database, ["lot", "release", "--product", "LIDO-1-MD", "--lot", "NOPE", "--reason", "x"], field: "--lot")
        try expectRefused(meso, database, ["lot", "release", "--product", "LIDO-1-MD", "--lot", "R1", "--reason", "  "], field: "--reason")
        let plain = try meso.run(["lot", "release", "--product", "LIDO-1-MD", "--lot", "R1", "--reason", "x"])
        #expect(plain.stderr == "meso: Lot R1 of LIDO-1-MD is destroyed and cannot become released.\n")
    }

    @Test func sqlLookingTextIsStoredVerbatim() throws {
        let database = try TestDatabase.seeded("cli_lot_verbatim")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let supplier = "Robert'); DROP TABLE lot; --"
        let reason = "'; DELETE FROM stock_movement; --"
        try receive(meso, "LIDO-1-MD", "X';--", ["--supplier", supplier])
        #expect(try meso.run(["lot", "quarantine", "--product", "LIDO-1-MD", "--lot", "X';--", "--reason", reason]).status == 0)
        let show = try #require(try meso.run(["lot", "show", "--product", "LIDO-1-MD", "--lot", "X';--", "--format", "json"]).json() as? [String: Any])
        #expect(show["suppliers"] as? [String] == [supplier])
        #expect(show["lot_number"] as? String == "X';--")
        #expect((show["status_history"] as? [[String: Any]])?.last?["reason"] as? String == reason)
        #expect(try database.rowCounts(of: Self.tables)["stock_movement"] == 1)
    }
}
