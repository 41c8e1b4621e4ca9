import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("meso stock")
struct StockCommandTests {
    static let tables = ["lot", "stock_movement", "lot_status_change"]

    func run(_ meso: MesoCLI, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try meso.run(arguments)
        #expect(outcome.status == 0, "\(outcome)", sourceLocation: sourceLocation)
    }

    func receive(_ meso: MesoCLI, _ product: String, _ lot: String, vials: Int = 1, days: Int = 300, _ extra: [String] = [])
        throws
    {
        try run(
            meso,
            ["lot", "receive", "--product", product, "--lot", lot, "--expiry", CalendarDate.today(plus: days).description,
             "--vials", String(vials)] + extra)
    }

    func stock(_ meso: MesoCLI, _ arguments: [String] = []) throws -> [[String: Any]] {
        let outcome = try meso.run(["stock", "--format", "json"] + arguments)
        #expect(outcome.status == 0, "\(outcome)")
        return try #require(try outcome.json() as? [[String: Any]])
    }

    @Test func stockShowsUsableLotsFirstExpiryFirstAndWhyTheOthersAreNot() throws {
        let meso = MesoCLI(databaseURL: try TestDatabase.seeded("cli_stock_fefo").url, actor: "pharmacist")
        try receive(meso, "LIDO-1-MD", "LATE", days: 400)
        try receive(meso, "LIDO-1-MD", "EARLY", days: 40)
        try receive(meso, "LIDO-1-MD", "HELD", days: 5, ["--quarantine"])
        try receive(meso, "LIDO-1-MD", "BAD", days: 10)
        try run(meso, ["lot", "recall", "--product", "LIDO-1-MD", "--lot", "BAD", "--reason", "recall"])
        try receive(meso, "LIDO-1-MD", "EMPTY", days: 1)
        try run(meso, ["stock", "waste", "--product", "LIDO-1-MD", "--lot", "EMPTY", "--ml", "20", "--reason", "broken"])

        let products = try stock(meso, ["--product", "LIDO-1-MD"])
        #expect(products.count == 1)
        let lido = try #require(products.first)
        #expect(lido["usable_ml"] as? String == "40.000")
        #expect(lido["on_hand_ml"] as? String == "80.000")
        #expect(lido["reorder_ml"] as? String == "60.000")
        #expect(lido["below_reorder"] as? Bool == true)
        let lots = try #require(lido["lots"] as? [[String: Any]])
        #expect(lots.map { $0["lot_number"] as? String } == ["EARLY", "LATE", "HELD", "BAD"], "empty lots are not listed")
        #expect(lots.map { $0["draw_order"] as? Int } == [1, 2, nil, nil])
        #expect(lots.map { $0["unusable_reason"] as? String } == [nil, nil, "quarantined", "recalled"])

        let table = try meso.run(["stock", "--product", "LIDO-1-MD"])
        #expect(table.stdout.contains("Lots, usable first in FEFO order"))
        #expect(table.stdout.contains("1 product(s), 1 at or below the reorder point."))
        let csv = try meso.run(["stock", "--format", "csv", "--product", "LIDO-1-MD"])
        #expect(csv.stdout == "product_code,product_name,usable_ml,on_hand_ml,to_discard_ml,reorder_ml,below_reorder,lot_count\r\n"
            + "LIDO-1-MD,\"Lidocaine 1 % multi-dose vial with methylparaben, 20 mL\",40.000,80.000,0.000,60.000,yes,4\r\n")
        // The explicit subcommand name is the same command.
        #expect(try meso.run(["stock", "list", "--product", "LIDO-1-MD", "--format", "csv"]).stdout == csv.stdout)
    }

    @Test func belowReorderAndExpiringWithinNarrowTheListing() throws {
        let database = try TestDatabase.seeded("cli_stock_filters")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        try receive(meso, "LIDO-1-MD", "PLENTY", vials: 4, days: 300)
        try receive(meso, "PDRN-2", "P1", vials: 2, days: 15)
        try receive(meso, "PDRN-2", "P2", vials: 10, days: 200)

        let all = try stock(meso)
        #expect(all.count == 21, "every product, stocked or not")
        let below = try stock(meso, ["--below-reorder"]).compactMap { $0["product_code"] as? String }
        #expect(!below.contains("LIDO-1-MD"), "80 mL usable is above the reorder point of 60 mL")
        #expect(!below.contains("PDRN-2"), "24 mL usable is above the reorder point of 10 mL")
        #expect(below.contains("HA-15-2"), "nothing in stock is below its reorder point")

        let expiring = try stock(meso, ["--expiring-within", "30"])
        #expect(expiring.compactMap { $0["product_code"] as? String } == ["PDRN-2"])
        #expect((expiring.first?["lots"] as? [[String: Any]])?.map { $0["lot_number"] as? String } == ["P1"])
        #expect(expiring.first?["usable_ml"] as? String == "24.000")

        let before = try database.rowCounts(of: Self.tables)
        for arguments in [["--expiring-within", "-1"], ["--expiring-within", "a week"], ["--product", "NOPE"], ["--product", "no such"]] {
            let outcome = try meso.run(["stock", "--format", "json"] + arguments)
            #expect(outcome.status == 65, "\(outcome)")
            #expect(try outcome.jsonError()["field"] as? String == arguments[0])
        }
        #expect(try database.rowCounts(of: Self.tables) == before)
    }

    @Test func countWritesTheAdjustmentAndAZeroWhenItAgrees() throws {
        let database = try TestDatabase.seeded("cli_stock_count")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        // Single-use ampoules (10 of 2 mL) are counted to the millilitre.
        try receive(meso, "PDRN-2", "P1", vials: 10)
        let short = try meso.run([
            "stock", "count", "--product", "PDRN-2", "--lot", "P1", "--ml", "18.5", "--reason", "monthly count",
            "--format", "json",
        ])
        #expect(short.status == 0, "\(short)")
        let adjusted = try #require(try short.json() as? [String: Any])
        #expect(adjusted["movement_kind"] as? String == "count-adjustment")
        #expect(adjusted["quantity_ml"] as? String == "-1.500")
        #expect(adjusted["on_hand_ml"] as? String == "18.500")

        let agreeing = try meso.run(["stock", "count", "--product", "PDRN-2", "--lot", "P1", "--ml", "18.5", "--reason", "recount"])
        #expect(agreeing.status == 0)
        #expect(agreeing.stdout.contains("the count agrees with the ledger"))
        // A multi-dose lot (2 sealed vials of 10 mL) is counted in whole sealed vials.
        try receive(meso, "B12-MD-10", "B1", vials: 2)
        let oneVialGone = try meso.run(["stock", "count", "--product", "B12-MD-10", "--lot", "B1", "--ml", "10", "--reason", "count"])
        #expect(oneVialGone.status == 0, "\(oneVialGone)")
        let kinds = try database.connect().query(
            "SELECT quantity_ml FROM stock_movement WHERE kind = 'count-adjustment' ORDER BY id"
        ).rows.map { try $0.decode("quantity_ml", as: Decimal.self) }
        #expect(kinds == [Decimal(string: "-1.5")!, 0, -10])

        let before = try database.rowCounts(of: Self.tables)
        let partVial = try meso.run(["stock", "count", "--product", "B12-MD-10", "--lot", "B1", "--ml", "8.5", "--reason", "x"])
        #expect(partVial.status == 65, "\(partVial)")
        #expect(partVial.stderr.contains("counted in whole sealed vials of 10.000 mL"), "\(partVial)")
        for (ml, field) in [("-1", "--ml"), ("abc", "--ml"), ("1,5", "--ml"), ("20.0001", "--ml"), ("20.5", "--ml"), ("999999", "--ml")] {
            let outcome = try meso.run(["stock", "count", "--product", "B12-MD-10", "--lot", "B1", "--ml", ml, "--reason", "x", "--format", "json"])
            #expect(outcome.status == 65, "\(ml): \(outcome)")
            #expect(try outcome.jsonError()["field"] as? String == field)
        }
        let noLot = try meso.run(["stock", "count", "--product", "B12-MD-10", "--lot", "B9", "--ml", "1", "--reason", "x"])
        #expect(noLot.status == 65)
        #expect(noLot.stderr == "meso: B12-MD-10 has no lot B9 (--lot).\n")
        #expect(try database.rowCounts(of: Self.tables) == before)
    }

    @Test func wasteBeyondWhatTheLotHoldsIsRefusedWithExit3() throws {
        let database = try TestDatabase.seeded("cli_stock_waste")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        try receive(meso, "PDRN-2", "P1", vials: 1)
        let wasted = try meso.run(["stock", "waste", "--product", "PDRN-2", "--lot", "P1", "--ml", "0.5", "--reason", "dropped", "--format", "json"])
        #expect(wasted.status == 0, "\(wasted)")
        #expect((try wasted.json() as? [String: Any])?["on_hand_ml"] as? String == "1.500")

        let before = try database.rowCounts(of: Self.tables)
        let tooMuch = try meso.run(["stock", "waste", "--product", "PDRN-2", "--lot", "P1", "--ml", "2", "--reason", "x", "--format", "json"])
        #expect(tooMuch.status == 3, "\(tooMuch)")
        let error = try tooMuch.jsonError()
        #expect(error["error"] as? String == "refused")
        #expect(error["message"] as? String == "Lot P1 of PDRN-2 holds 1.500 mL: 2.000 mL cannot be written off as waste.")
        for ml in ["0", "-0.5", "half"] {
            let outcome = try meso.run(["stock", "waste", "--product", "PDRN-2", "--lot", "P1", "--ml", ml, "--reason", "x"])
            #expect(outcome.status == 65, "\(ml): \(outcome)")
            #expect(outcome.stderr.hasPrefix("meso: --ml must be"))
        }
        let noReason = try meso.run(["stock", "waste", "--product", "PDRN-2", "--lot", "P1", "--ml", "1"])
        #expect(noReason.status == 64, "the reason is required")
        #expect(try database.rowCounts(of: Self.tables) == before)
    }

    @Test func stockEqualsTheSumOfTheLedgerAfterAMorningOfMixedWork() throws {
        let database = try TestDatabase.seeded("cli_stock_mixed")
        let meso = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        let day = CalendarDate.today(plus: 250).gs1YYMMDD
        try run(meso, ["lot", "receive", "--gs1", "(01)09520107000112(17)\(day)(10)LD-A(21)S1", "--vials", "3"])
        try run(meso, ["lot", "receive", "--gs1", "0109520107000112" + "17" + day + "10LD-B", "--vials", "2", "--quarantine"])
        try run(meso, ["lot", "receive", "--gs1", "]C1" + "0109520107000099" + "17" + day + "10PD-A", "--vials", "4"])
        try receive(meso, "B12-MD-10", "B-A", vials: 2)
        try run(meso, ["lot", "release", "--product", "LIDO-1-MD", "--lot", "LD-B", "--reason", "checked"])
        // A multi-dose lot writes off whole sealed vials; a part of one is refused.
        #expect(try meso.run(["stock", "waste", "--product", "LIDO-1-MD", "--lot", "LD-A", "--ml", "0.75", "--reason", "spill"]).status == 65)
        try run(meso, ["stock", "waste", "--product", "LIDO-1-MD", "--lot", "LD-A", "--ml", "20", "--reason", "vial dropped"])
        try run(meso, ["stock", "count", "--product", "LIDO-1-MD", "--lot", "LD-A", "--ml", "20", "--reason", "count"])
        try run(meso, ["stock", "count", "--product", "PDRN-2", "--lot", "PD-A", "--ml", "8", "--reason", "count"])
        #expect(try meso.run(["stock", "waste", "--product", "PDRN-2", "--lot", "PD-A", "--ml", "9", "--reason", "x"]).status == 3)
        try run(meso, ["lot", "recall", "--product", "B12-MD-10", "--lot", "B-A", "--reason", "recall"])
        try run(meso, ["stock", "waste", "--product", "B12-MD-10", "--lot", "B-A", "--ml", "10", "--reason", "leak"])
        try run(meso, ["lot", "destroy", "--product", "B12-MD-10", "--lot", "B-A", "--reason", "recalled"])
        try run(meso, ["lot", "quarantine", "--product", "LIDO-1-MD", "--lot", "LD-B", "--reason", "temperature excursion"])
        try run(meso, ["stock", "count", "--product", "LIDO-1-MD", "--lot", "LD-B", "--ml", "20", "--reason", "count"])

        let ledger = try database.connect().query(
            """
            SELECT l.lot_number, l.on_hand_ml, sum(m.quantity_ml) AS total,
                   (array_agg(m.balance_after_ml ORDER BY m.id DESC))[1] AS last_balance
              FROM lot l JOIN stock_movement m ON m.lot_id = l.id GROUP BY l.id
            """)
        var totals: [String: String] = [:]
        for row in ledger.rows {
            let total: Decimal = try row.decode("total")
            #expect(try row.decode("on_hand_ml", as: Decimal.self) == total)
            #expect(try row.decode("last_balance", as: Decimal.self) == total)
            totals[try row.decode("lot_number")] = total.fixed(scale: 3)
        }
        #expect(totals == ["LD-A": "20.000", "LD-B": "20.000", "PD-A": "8.000", "B-A": "0.000"])

        var shown: [String: String] = [:]
        for product in try stock(meso) {
            for lot in product["lots"] as? [[String: Any]] ?? [] {
                shown[lot["lot_number"] as! String] = lot["on_hand_ml"] as? String
            }
        }
        #expect(shown == ["LD-A": "20.000", "LD-B": "20.000", "PD-A": "8.000"], "the destroyed lot holds nothing and is not listed")
        let listed = try #require(try meso.run(["lot", "list", "--format", "json"]).json() as? [[String: Any]])
        #expect(Dictionary(uniqueKeysWithValues: listed.map { ($0["lot_number"] as! String, $0["on_hand_ml"] as! String) }) == totals)
        let lido = try #require(try stock(meso, ["--product", "LIDO-1-MD"]).first)
        #expect(lido["usable_ml"] as? String == "20.000", "the quarantined lot is on hand but not usable")
        #expect(lido["on_hand_ml"] as? String == "40.000")
    }
}
