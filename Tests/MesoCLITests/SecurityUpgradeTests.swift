import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Schema/0012 upgrades a database in use: migrated through the migration before it and holding a
/// clinic's history, then migrated to the end, every row keeps every value it had, and verify holds.
@Suite("security: upgrading a database with data")
struct SecurityUpgradeTests {
    @Test func theMigrationKeepsEveryRowAndVerifyHolds() throws {
        let database = try TestDatabase.create("security_upgrade", migrated: false)
        let admin = try database.connect()
        let migrations = try Migration.load(from: ProjectPaths.schema)
        try SchemaMigrator(migrations: migrations.filter { $0.version < SecurityBeforeTests.fixVersion })
            .migrate(on: admin, actor: "test")
        try database.seed()

        // A clinic's history, written as the CLI before 0012 wrote it: lots (one received a few
        // days late), sessions now and days back, a cancellation, waste, a recall, an adverse event.
        let polyrevit = try LedgerFixture.receiveLot(admin, product: "POLYREVIT-5", lot: "UP-PR", vials: 4, expiresInDays: 300)
        let lidocaine = try LedgerFixture.receiveLot(
            admin, product: "LIDO-1-MD", lot: "UP-LD", vials: 2, expiresInDays: 200, receivedDaysAgo: 5)
        let performed = try LedgerFixture.recordSession(
            admin, patient: "MRN-0006", formula: "REVIT-LIDO",
            draws: [.init(lot: polyrevit, volume: "5"), .init(lot: lidocaine, volume: "1")], performedDaysAgo: 3)
        let cancelled = try LedgerFixture.recordSession(
            admin, patient: "MRN-0008", formula: "REVIT-FACE", draws: [.init(lot: polyrevit, volume: "3", waste: "2")])
        try LedgerFixture.cancelSession(admin, cancelled)
        try LedgerFixture.recordSession(admin, patient: "MRN-0001", formula: "REVIT-FACE", draws: [.init(lot: polyrevit, volume: "3")])
        try LedgerFixture.move(admin, lot: lidocaine, kind: "waste", ml: "-1")
        try LedgerFixture.changeStatus(admin, lot: lidocaine, to: "recalled")
        try admin.query(
            "INSERT INTO adverse_event (session_id, kind, severity, recorded_by) VALUES (\(performed), 'redness', 'mild', 'Dr')")
        try admin.query(
            "INSERT INTO patient_allergy (patient_id, compound_code, recorded_by) SELECT id, 'thiamine', 'Dr' FROM patient WHERE mrn = 'MRN-0006'")
        var before = try Self.checksums(admin)
        #expect(before.values.contains { !$0.hasPrefix("0:") })

        let applied = try SchemaMigrator(migrations: migrations).migrate(on: admin, actor: "test")
        #expect(applied.map(\.version).contains(SecurityBeforeTests.fixVersion))
        // Every table but the migration history, which gains the migrations just applied.
        before.removeValue(forKey: "meso_schema_migration")
        let after = try Self.checksums(admin, columnsOf: before)
        #expect(after == before, "rows changed in the upgrade: \(after.filter { before[$0.key] != $0.value }.keys.sorted())")

        let verified = try MesoCLI(databaseURL: database.url).run(["audit", "verify", "--format", "json"])
        #expect(verified.status == 0, "\(verified)")
        // Rows written before 0012 say so; a lot was written when its receipt was.
        let unknown: Int = try admin.query(
            "SELECT count(*) AS n FROM session WHERE recorded_login <> '(not recorded)'").rows[0].decode("n")
        #expect(unknown == 0)
        let lots: Int = try admin.query(
            """
            SELECT count(*) AS n FROM lot l
             WHERE l.recorded_at = (SELECT recorded_at FROM stock_movement WHERE lot_id = l.id AND kind = 'receipt')
            """
        ).rows[0].decode("n")
        #expect(lots == 2)
    }

    /// Per table, its row count and the MD5 of its rows as they read before the migration: the
    /// columns named in `columnsOf` (all of them when nil), in order.
    static func checksums(_ connection: PostgresConnection, columnsOf previous: [String: String]? = nil) throws -> [String: String] {
        let columns = try connection.query(
            """
            SELECT c.relname::text AS table_name, string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS columns
              FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
             GROUP BY c.relname
            """
        ).rows.map { (try $0.decode("table_name", as: String.self), try $0.decode("columns", as: String.self)) }
        var sums: [String: String] = [:]
        for (table, all) in columns {
            let named = previous?[table].map { String($0.split(separator: "|", maxSplits: 1)[1]) } ?? all
            let sum: String = try connection.query(
                PostgresQuery(
                    unsafeSQL:
                        "SELECT count(*) || ':' || md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS sum FROM (SELECT \(named) FROM \(table)) r"
                )
            ).rows[0].decode("sum")
            sums[table] = sum + "|" + named
        }
        if let previous { return sums.filter { previous[$0.key] != nil } }
        return sums
    }
}
