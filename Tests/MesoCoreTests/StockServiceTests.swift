import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

@Suite("Stock service")
struct StockServiceTests {
    static let stockTables = ["lot", "stock_movement", "lot_status_change"]

    func stock(_ name: String) throws -> (TestDatabase, StockService) {
        let database = try TestDatabase.seeded(name)
        return (database, StockService(connection: try database.connect(), actor: try Actor("pharmacist")))
    }

    func receipt(_ product: String, _ lot: String, expiresIn days: Int = 365, vials: Int = 2, quarantine: Bool = false)
        throws -> LotReceipt
    {
        try LotReceipt(
            product: product, lot: lot, expiry: CalendarDate.today(plus: days).description, vials: String(vials),
            supplier: "Pharma Sud", quarantine: quarantine)
    }

    func lot(_ product: String, _ lot: String) -> LotRef {
        LotRef(product: product, lot: lot)
    }

    func ml(_ text: String) -> Decimal { Decimal(exactText: text)! }
    func ml(_ text: String) -> Millilitres { Millilitres(test: text) }

    @Test func receivingWritesTheLotItsReceiptAndItsStatusTogether() throws {
        let (_, stock) = try stock("core_stock_receive")
        let released = try stock.receive(try receipt("LIDO-1-MD", "LD-1", vials: 3)).lot
        #expect(released.status == .released)
        #expect(released.receivedML == ml("60"))
        #expect(released.onHandML == ml("60"))
        #expect(released.sealedVials == 3)
        #expect(released.usability == .usable)
        #expect(released.suppliers == ["Pharma Sud"])

        let history = try stock.history(of: lot("lido-1-md", "LD-1"))
        #expect(history.movements.map(\.kind) == [.receipt])
        #expect(history.movements.first?.balanceAfterML == ml("60"))
        #expect(history.statusChanges.count == 1)
        #expect(history.statusChanges.first?.fromStatus == nil)
        #expect(history.statusChanges.first?.toStatus == .released)

        let held = try stock.receive(try receipt("PDRN-2", "PD-1", quarantine: true)).lot
        #expect(held.status == .quarantined)
        #expect(held.usability == .unusable(.quarantined))
        let heldHistory = try stock.history(of: lot("PDRN-2", "PD-1"))
        #expect(heldHistory.statusChanges.map(\.toStatus) == [.quarantined])
    }

    @Test func receivingByGS1ResolvesTheProductAndKeepsTheSerial() throws {
        let (_, stock) = try stock("core_stock_gs1")
        let expiry = CalendarDate.today(plus: 200)
        let scan = "]d2" + "0109520107000099" + "17" + expiry.gs1YYMMDD + "10PD2611\u{1D}21SER-9"
        let received = try stock.receive(
            try LotReceipt(gs1: scan, vials: "5", supplier: nil, quarantine: false, today: CalendarDate.today()))
        #expect(received.lot.productCode == "PDRN-2")
        #expect(received.lot.lotNumber == "PD2611")
        #expect(received.lot.expiry == expiry)
        #expect(received.receipt.serials == ["SER-9"])
        #expect(received.receipt.packs.first?.elementString == "(01)09520107000099(17)\(expiry.gs1YYMMDD)(10)PD2611(21)SER-9")
        #expect(received.lot.receivedML == ml("10"))

        let unknown = refusal {
            _ = try stock.receive(
                try LotReceipt(
                    gs1: "(01)03401234567890(17)\(expiry.gs1YYMMDD)(10)X", vials: "1", supplier: nil, quarantine: false,
                    today: CalendarDate.today()))
        }
        #expect(unknown?.field == "--gs1")
        #expect(unknown?.message.contains("No product has the GTIN 03401234567890") == true)
        let noLot = refusal {
            _ = try LotReceipt(
                gs1: "(01)09520107000099(17)\(expiry.gs1YYMMDD)", vials: "1", supplier: nil, quarantine: false,
                today: CalendarDate.today())
        }
        #expect(noLot?.message.contains("no lot (10)") == true)
    }

    @Test func badReceiptsWriteNothing() throws {
        let (database, stock) = try stock("core_stock_bad_receipt")
        _ = try stock.receive(try receipt("LIDO-1-MD", "LD-1"))
        let before = try database.rowCounts(of: Self.stockTables)
        let expired = refusal { _ = try stock.receive(try receipt("LIDO-1-MD", "LD-2", expiresIn: -1)) }
        #expect(expired?.field == "--expiry")
        #expect(expired?.message.contains("already past") == true)
        let absurd = refusal { _ = try stock.receive(try receipt("LIDO-1-MD", "LD-3", expiresIn: 365 * 12)) }
        #expect(absurd?.message.contains("more than 10 years away") == true)
        let otherExpiry = refusal { _ = try stock.receive(try receipt("LIDO-1-MD", "LD-1", expiresIn: 366)) }
        #expect(otherExpiry?.field == "--expiry")
        #expect(otherExpiry?.message.contains("is on file with the expiry") == true)
        let unknown = refusal { _ = try stock.receive(try receipt("NOPE", "N-1")) }
        #expect(unknown?.field == "--product")
        #expect(try database.rowCounts(of: Self.stockTables) == before)

        for (lotNumber, expiry, vials) in [
            ("has space", "2030-01-01", "1"), ("", "2030-01-01", "1"), ("ABCDEFGHIJKLMNOPQRSTU", "2030-01-01", "1"),
            ("L", "2030-02-30", "1"), ("L", "30/01/2030", "1"), ("L", "2030-01-01", "0"), ("L", "2030-01-01", "-2"),
            ("L", "2030-01-01", "2.5"), ("L", "2030-01-01", "many"), ("L", "2030-01-01", "100001"),
        ] {
            let error = refusal {
                _ = try LotReceipt(product: "LIDO-1-MD", lot: lotNumber, expiry: expiry, vials: vials, supplier: nil, quarantine: false)
            }
            #expect(error?.kind == .invalidInput, "\(lotNumber) \(expiry) \(vials)")
        }
    }

    @Test func statusChangesFollowThePharmacysRules() throws {
        let (database, stock) = try stock("core_stock_status")
        _ = try stock.receive(try receipt("LIDO-1-MD", "LD-1", quarantine: true))
        let released = try stock.changeStatus(of: lot("LIDO-1-MD", "LD-1"), to: .released, reason: "CoA checked")
        #expect(released.lot.status == .released)
        #expect(released.statusChange?.fromStatus == .quarantined)
        #expect(released.movements.isEmpty)
        let recalled = try stock.changeStatus(of: lot("LIDO-1-MD", "LD-1"), to: .recalled, reason: "supplier recall R-12")
        #expect(recalled.lot.usability == .unusable(.recalled))

        let before = try database.rowCounts(of: Self.stockTables)
        let releaseRecalled = refusal {
            _ = try stock.changeStatus(of: lot("LIDO-1-MD", "LD-1"), to: .released, reason: "mistake")
        }
        #expect(releaseRecalled?.kind == .refused)
        #expect(releaseRecalled?.message == "Lot LD-1 of LIDO-1-MD is recalled and cannot become released.")
        let again = refusal { _ = try stock.changeStatus(of: lot("LIDO-1-MD", "LD-1"), to: .recalled, reason: "twice") }
        #expect(again?.kind == .refused)
        #expect(try database.rowCounts(of: Self.stockTables) == before)

        let destroyed = try stock.changeStatus(of: lot("LIDO-1-MD", "LD-1"), to: .destroyed, reason: "recalled stock")
        #expect(destroyed.lot.onHandML == 0)
        #expect(destroyed.movements.map(\.kind) == [.destruction])
        #expect(destroyed.quantityML == ml("-40"))
        #expect(destroyed.movements.last?.balanceAfterML == 0)
        let releaseDestroyed = refusal {
            _ = try stock.changeStatus(of: lot("LIDO-1-MD", "LD-1"), to: .released, reason: "mistake")
        }
        #expect(releaseDestroyed?.kind == .refused)
        let history = try stock.history(of: lot("LIDO-1-MD", "LD-1"))
        #expect(history.statusChanges.map(\.toStatus) == [.quarantined, .released, .recalled, .destroyed])
        #expect(history.statusChanges.map(\.fromStatus) == [nil, .quarantined, .released, .recalled])
        #expect(history.statusChanges.last?.reason == "recalled stock")
        #expect(refusal { _ = try stock.changeStatus(of: lot("LIDO-1-MD", "NOPE"), to: .released, reason: "x") }?.field == "--lot")
    }

    @Test func countsWriteTheDifferenceAndNeverOverwrite() throws {
        let (database, stock) = try stock("core_stock_count")
        _ = try stock.receive(try receipt("PDRN-2", "PD-1", vials: 20))
        let short = try stock.count(lot("PDRN-2", "PD-1"), countedML: ml("37.5"), reason: "monthly count")
        #expect(short.movements.map(\.kind) == [.countAdjustment])
        #expect(short.quantityML == ml("-2.5"))
        #expect(short.lot.onHandML == ml("37.5"))
        let agreeing = try stock.count(lot("PDRN-2", "PD-1"), countedML: ml("37.5"), reason: "recount")
        #expect(agreeing.quantityML == 0, "a count that agrees is still recorded")
        let found = try stock.count(lot("PDRN-2", "PD-1"), countedML: ml("39"), reason: "vial found")
        #expect(found.quantityML == ml("1.5"))
        let history = try stock.history(of: lot("PDRN-2", "PD-1"))
        #expect(history.movements.map(\.kind) == [.receipt, .countAdjustment, .countAdjustment, .countAdjustment])
        #expect(history.movements.map(\.balanceAfterML) == [ml("40"), ml("37.5"), ml("37.5"), ml("39")])

        let before = try database.rowCounts(of: Self.stockTables)
        let impossible = refusal { _ = try stock.count(lot("PDRN-2", "PD-1"), countedML: ml("40.001"), reason: "x") }
        #expect(impossible?.field == "--ml")
        #expect(try database.rowCounts(of: Self.stockTables) == before)
    }

    @Test func wasteIsRefusedBeyondWhatTheLotHolds() throws {
        let (database, stock) = try stock("core_stock_waste")
        _ = try stock.receive(try receipt("PDRN-2", "PD-1", vials: 1))
        let wasted = try stock.waste(lot("PDRN-2", "PD-1"), ml: ml("0.5"), reason: "syringe dropped")
        #expect(wasted.quantityML == ml("-0.5"))
        #expect(wasted.lot.onHandML == ml("1.5"))
        let before = try database.rowCounts(of: Self.stockTables)
        let tooMuch = refusal { _ = try stock.waste(lot("PDRN-2", "PD-1"), ml: ml("1.501"), reason: "x") }
        #expect(tooMuch?.kind == .refused)
        #expect(tooMuch?.message == "Lot PD-1 of PDRN-2 holds 1.500 mL: 1.501 mL cannot be written off as waste.")
        #expect(try database.rowCounts(of: Self.stockTables) == before)
        _ = try stock.waste(lot("PDRN-2", "PD-1"), ml: ml("1.5"), reason: "the rest, contaminated")
        #expect(try stock.history(of: lot("PDRN-2", "PD-1")).lot.onHandML == 0)
    }

    @Test func stockListsUsableLotsFirstExpiryFirstWithReasonsForTheOthers() throws {
        let (database, stock) = try stock("core_stock_fefo")
        _ = try stock.receive(try receipt("LIDO-1-MD", "LATE", expiresIn: 400, vials: 1))
        _ = try stock.receive(try receipt("LIDO-1-MD", "EARLY", expiresIn: 30, vials: 1))
        _ = try stock.receive(try receipt("LIDO-1-MD", "HELD", expiresIn: 10, vials: 1, quarantine: true))
        _ = try stock.receive(try receipt("LIDO-1-MD", "BAD", expiresIn: 20, vials: 1))
        _ = try stock.changeStatus(of: lot("LIDO-1-MD", "BAD"), to: .recalled, reason: "recall")
        _ = try stock.receive(try receipt("LIDO-1-MD", "GONE", expiresIn: 5, vials: 1))
        _ = try stock.changeStatus(of: lot("LIDO-1-MD", "GONE"), to: .destroyed, reason: "broken")
        // A lot that expired yesterday, received long ago (written as the receiving would have).
        let connection = try database.connect()
        try connection.transaction { tx in
            let id: Int64 = try tx.query(
                """
                INSERT INTO lot (product_code, lot_number, expiry, status, received_by, received_at)
                VALUES ('LIDO-1-MD', 'OLD', \(CalendarDate.today(plus: -1)), 'released', 'test', now() - interval '300 days')
                RETURNING id
                """
            ).first!.decode("id")
            try tx.query(
                "INSERT INTO lot_receipt (lot_id, received_at, vials, recorded_by) VALUES (\(id), now() - interval '300 days', 1, 'test')")
            try tx.query(
                "INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by) VALUES (\(id), 'released', 'Received and released.', 'test')")
        }

        let lido = try #require(try stock.stock(product: "LIDO-1-MD").first)
        #expect(lido.lots.map(\.lotNumber) == ["EARLY", "LATE", "OLD", "HELD", "BAD"])
        #expect(lido.lots.map(\.usability) == [.usable, .usable, .unusable(.expired), .unusable(.quarantined), .unusable(.recalled)])
        #expect(lido.usableML == ml("40"))
        #expect(lido.onHandML == ml("100"))
        #expect(lido.isBelowReorder, "40 mL usable is below the reorder point of 60 mL")


        let soon = try #require(try stock.stock(product: "LIDO-1-MD", expiringWithinDays: 25).first)
        #expect(soon.lots.map(\.lotNumber) == ["OLD", "HELD", "BAD"])
        #expect(soon.usableML == ml("40"), "totals stay those of the whole product")
        #expect(try stock.stock(expiringWithinDays: 25).map(\.productCode) == ["LIDO-1-MD"])
        #expect(try stock.stock(belowReorder: true).contains { $0.productCode == "LIDO-1-MD" })

        #expect(try stock.lots(product: "LIDO-1-MD").count == 6)
        #expect(try stock.lots(status: .recalled).map(\.lotNumber) == ["BAD"])
        #expect(try stock.lots(expiringWithinDays: 25).map(\.lotNumber) == ["OLD", "HELD", "BAD"])
        #expect(refusal { _ = try stock.lots(product: "NOPE") }?.field == "--product")
    }

    @Test func theLedgerCannotBeChangedOrEmptiedAndTheCacheOnlyMovesWithIt() throws {
        let (database, stock) = try stock("core_stock_immutable")
        _ = try stock.receive(try receipt("LIDO-1-MD", "LD-1"))
        _ = try stock.waste(lot("LIDO-1-MD", "LD-1"), ml: ml("20"), reason: "vial dropped")
        let connection = try database.connect()
        let attempts: [PostgresQuery] = [
            "UPDATE stock_movement SET quantity_ml = 100 WHERE kind = 'waste'",
            "DELETE FROM stock_movement",
            "TRUNCATE stock_movement CASCADE",
            "UPDATE lot_status_change SET reason = 'rewritten'",
            "DELETE FROM lot_status_change",
            "TRUNCATE lot_status_change",
            "UPDATE lot SET on_hand_ml = 1000",
            "UPDATE lot SET received_at = received_at - interval '1 day'",
            "UPDATE lot SET status = 'released', expiry = expiry + 365",
            "DELETE FROM lot",
            "UPDATE lot_receipt SET vials = 100",
            "DELETE FROM lot_receipt",
            "TRUNCATE lot_receipt CASCADE",
        ]
        for statement in attempts {
            #expect(throws: PostgresError.self, "\(statement)") { try connection.query(statement) }
        }
        do {
            try connection.query("DELETE FROM stock_movement")
            Issue.record("the ledger accepted a DELETE")
        } catch {
            #expect(error.sqlState == .appendOnlyViolation)
        }
        let history = try stock.history(of: lot("LIDO-1-MD", "LD-1"))
        #expect(history.movements.map(\.quantityML) == [ml("40"), ml("-20")])
        #expect(history.lot.onHandML == ml("20"))
        // A status row outside the receiving transaction is a transition, never a second "received as".
        #expect(throws: PostgresError.self) {
            try connection.query(
                "INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by) VALUES (\(history.lot.id), 'released', 'again', 'x')")
        }
    }

    @Test func balancesEqualTheSumOfTheLedgerAfterAMixedDay() throws {
        let (database, stock) = try stock("core_stock_mixed")
        let lots = [("LIDO-1-MD", "A"), ("LIDO-1-MD", "B"), ("PDRN-2", "C"), ("B12-MD-10", "D"), ("HA-15-2", "E")]
        for (index, (product, number)) in lots.enumerated() {
            _ = try stock.receive(try receipt(product, number, expiresIn: 100 + index, vials: index + 1, quarantine: index % 2 == 1))
        }
        _ = try stock.changeStatus(of: lot("LIDO-1-MD", "B"), to: .released, reason: "checked")
        // A multi-dose lot writes off whole sealed vials, or a spill from an open vial it names.
        #expect(refusal { _ = try stock.waste(lot("LIDO-1-MD", "A"), ml: ml("3.25"), reason: "spill") }?.field == "--ml")
        _ = try stock.count(lot("LIDO-1-MD", "A"), countedML: ml("0"), reason: "count")
        _ = try stock.count(lot("PDRN-2", "C"), countedML: ml("6"), reason: "count")
        _ = refusal { _ = try stock.waste(lot("PDRN-2", "C"), ml: ml("7"), reason: "too much") }
        _ = try stock.changeStatus(of: lot("B12-MD-10", "D"), to: .released, reason: "checked")
        _ = try stock.changeStatus(of: lot("B12-MD-10", "D"), to: .quarantined, reason: "temperature excursion")
        _ = try stock.waste(lot("B12-MD-10", "D"), ml: ml("10"), reason: "vial dropped")
        _ = try stock.changeStatus(of: lot("B12-MD-10", "D"), to: .recalled, reason: "recall")
        _ = try stock.changeStatus(of: lot("HA-15-2", "E"), to: .destroyed, reason: "damaged box")
        _ = refusal { _ = try stock.count(lot("HA-15-2", "E"), countedML: ml("0"), reason: "count") }
        _ = try stock.count(lot("LIDO-1-MD", "B"), countedML: ml("40"), reason: "count")

        let mismatches = try database.connect().query(
            """
            SELECT l.lot_number FROM lot l
              LEFT JOIN (SELECT lot_id, sum(quantity_ml) AS total FROM stock_movement GROUP BY lot_id) m ON m.lot_id = l.id
             WHERE l.on_hand_ml IS DISTINCT FROM coalesce(m.total, 0)
                OR l.on_hand_ml IS DISTINCT FROM (SELECT balance_after_ml FROM stock_movement
                                                   WHERE lot_id = l.id ORDER BY id DESC LIMIT 1)
            """)
        #expect(mismatches.isEmpty)
        let ledger = try database.connect().query(
            "SELECT l.lot_number, sum(m.quantity_ml) AS total FROM stock_movement m JOIN lot l ON l.id = m.lot_id GROUP BY l.lot_number")
        let totals = Dictionary(uniqueKeysWithValues: try ledger.rows.map { (try $0.decode("lot_number", as: String.self), try $0.decode("total", as: Decimal.self)) })
        let onHand = try stock.lots().reduce(into: [String: Decimal]()) { $0[$1.lotNumber] = $1.onHandML }
        #expect(onHand == totals)
        #expect(onHand == ["A": 0, "B": 40, "C": 6, "D": ml("30"), "E": 0])
        let shown = try stock.stock().flatMap(\.lots).reduce(into: [String: Decimal]()) { $0[$1.lotNumber] = $1.onHandML }
        #expect(shown.allSatisfy { totals[$0.key] == $0.value })
    }
}
