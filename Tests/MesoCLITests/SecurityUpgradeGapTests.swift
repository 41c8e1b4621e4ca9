import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Schema/0017 upgrades a database in use: migrated through 0016 and holding a clinic's history
/// (lots, open vials, sessions, a cancellation, waste and its reversal, a recall, an adverse event
/// with a note, a patient's correction), then migrated to the end, every row keeps every value it
/// had, verify holds, and the new rules hold from then on.
@Suite("security: upgrading a database with data to Schema/0017")
struct SecurityUpgradeGapTests {
    static let gapVersion = 17

    @Test func theMigrationKeepsEveryRowAndVerifyHolds() throws {
        let history = try SecurityUpgradeTests.history("security_upgrade_gap", before: Self.gapVersion)
        let (database, admin, migrations) = (history.database, history.admin, history.migrations)
        let (polyrevit, lidocaine, performed) = (history.polyrevit, history.lidocaine, history.performed)
        let waste = try LedgerFixture.move(admin, lot: polyrevit, kind: "waste", ml: "-1")
        try admin.query(
            """
            INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason, reverses_id)
            VALUES (\(polyrevit), 'reversal', 1, 0, 'ph', 'written off by mistake', \(waste))
            """)
        try LedgerFixture.changeStatus(admin, lot: lidocaine, to: "recalled")
        try admin.query(
            "INSERT INTO adverse_event (session_id, kind, severity, note, recorded_by) VALUES (\(performed), 'redness', 'mild', 'flare', 'Dr')")
        try admin.query(
            "INSERT INTO patient_update (patient_id, weight_kg, recorded_by) SELECT id, 61, 'Dr' FROM patient WHERE mrn = 'MRN-0006'")
        let before = try SecurityUpgradeTests.snapshot(admin)
        #expect(before.values.contains { $0 > 0 })

        let applied = try SchemaMigrator(migrations: migrations).migrate(on: admin, actor: "test")
        #expect(applied.map(\.version) == migrations.map(\.version).filter { $0 >= Self.gapVersion })
        let changed = try SecurityUpgradeTests.changedTables(admin, since: before)
        #expect(changed.isEmpty, "rows changed in the upgrade: \(changed)")

        let meso = MesoCLI(databaseURL: database.url)
        let verified = try meso.run(["audit", "verify", "--format", "json"])
        #expect(verified.status == 0, "\(verified)")
        // The upgraded database goes on: a lot received, a session recorded and cancelled, the lot
        // recalled, all through meso, and verify still holds.
        let received = try meso.run([
            "lot", "receive", "--product", "POLYREVIT-5", "--lot", "UP-2", "--expiry", CalendarDate.today(plus: 200).description,
            "--vials", "2",
        ])
        #expect(received.status == 0, "\(received)")
        let hyaluronic = try meso.run([
            "lot", "receive", "--product", "HA-15-2", "--lot", "UP-HA", "--expiry", CalendarDate.today(plus: 200).description,
            "--vials", "2",
        ])
        #expect(hyaluronic.status == 0, "\(hyaluronic)")
        let session = try meso.run(["session", "record", "--patient", "MRN-0008", "--formula", "REVIT-FACE", "--format", "json"])
        #expect(session.status == 0, "\(session)")
        let id = try #require((try session.json() as? [String: Any])?["session_id"] as? Int, "\(session)")
        #expect(try meso.run(["session", "cancel", String(id), "--reason", "wrong patient"]).status == 0)
        #expect(try meso.run(["audit", "verify"]).status == 0)
    }
}
