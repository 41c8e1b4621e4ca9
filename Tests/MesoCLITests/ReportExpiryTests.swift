import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("meso report expiry")
struct ReportExpiryTests {
    /// One HA-15-2 lot expiring on each bucket boundary, an expired lot still on hand, and lots that
    /// hold nothing (used up, destroyed), which the report leaves out.
    func clinic(_ name: String) throws -> (MesoCLI, PostgresConnection) {
        let database = try TestDatabase.create(name)
        let meso = MesoCLI(databaseURL: database.url)
        #expect(try meso.run(["db", "seed"]).status == 0)
        let connection = try database.connect()
        for days in [0, 30, 31, 60, 61, 90, 91, 180, 181] {
            try LedgerFixture.receiveLot(connection, product: "HA-15-2", lot: "D\(days)", vials: 1, expiresInDays: days)
        }
        try LedgerFixture.receiveLot(
            connection, product: "PDRN-2", lot: "GONE-BAD", vials: 3, expiresInDays: -3, receivedDaysAgo: 60, released: false)
        let usedUp = try LedgerFixture.receiveLot(connection, product: "HA-15-2", lot: "EMPTY", vials: 1, expiresInDays: 10)
        try LedgerFixture.move(connection, lot: usedUp, kind: "waste", ml: "-2")
        let destroyed = try LedgerFixture.receiveLot(connection, product: "PDRN-2", lot: "BURNT", vials: 1, expiresInDays: 5)
        try LedgerFixture.move(connection, lot: destroyed, kind: "destruction", ml: "-2")
        try LedgerFixture.changeStatus(connection, lot: destroyed, to: "destroyed")
        return (meso, connection)
    }

    func lots(_ outcome: MesoCLI.Outcome) throws -> [[String: Any]] {
        try #require(try outcome.json() as? [[String: Any]], "\(outcome)")
    }

    @Test func bucketsLotsOnHandByDaysLeft() throws {
        let (meso, _) = try clinic("report_expiry_buckets")
        let outcome = try meso.run(["report", "expiry", "--format", "json"])
        #expect(outcome.status == 0)
        let rows = try lots(outcome)
        #expect(rows.map { $0["lot_number"] as? String } == ["GONE-BAD", "D0", "D30", "D31", "D60", "D61", "D90", "D91", "D180"])
        #expect(
            rows.map { $0["bucket"] as? String } == [
                "expired", "0-30", "0-30", "31-60", "31-60", "61-90", "61-90", "91-180", "91-180",
            ])
        #expect(rows.map { $0["days_left"] as? Int } == [-3, 0, 30, 31, 60, 61, 90, 91, 180])
        let expired = try #require(rows.first)
        #expect(expired["on_hand_ml"] as? String == "6.000")
        #expect(expired["status"] as? String == "quarantined")
        #expect(expired["product"] as? String == "PDRN-2")

        let table = try meso.run(["report", "expiry"])
        #expect(table.stdout.contains("Expired, still on hand: 1 lot, 6.000 mL."))
        #expect(table.stdout.contains("0-30 days: 2 lots, 4.000 mL."))
    }

    @Test func theWindowIsAdjustable() throws {
        let (meso, _) = try clinic("report_expiry_window")
        let wide = try lots(try meso.run(["report", "expiry", "--within", "365", "--format", "json"]))
        #expect(wide.last?["lot_number"] as? String == "D181")
        #expect(wide.last?["bucket"] as? String == "over-180")
        let today = try lots(try meso.run(["report", "expiry", "--within", "0", "--format", "json"]))
        #expect(today.map { $0["lot_number"] as? String } == ["GONE-BAD", "D0"])
        let csv = try meso.run(["report", "expiry", "--within", "30", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\r\n")
        #expect(lines.first == "bucket,product,product_name,lot_number,vial_id,expiry,days_left,on_hand_ml,status")
        #expect(lines.count == 4)

        for bad in ["-1", "3651", "soon", "1.5"] {
            let outcome = try meso.run(["report", "expiry", "--within=\(bad)", "--format", "json"])
            #expect(outcome.status == 65, "\(bad): \(outcome)")
            #expect(try outcome.jsonError()["field"] as? String == "--within")
        }
    }
}
