import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// Schema/0012 upgrades a database in use: migrated through the migration before it and holding a
/// clinic's history, then migrated to the end, every row keeps every value it had, and verify holds.
@Suite("security: upgrading a database with data")
struct SecurityUpgradeTests {
    /// A database migrated to the migrations before `version` and seeded, with the start of a clinic's
    /// history as the CLI of then wrote it: two lots (lidocaine received five days late), a session
    /// three days back drawing both, and a session recorded and cancelled.
    struct History {
        let database: TestDatabase
        let admin: PostgresConnection
        let migrations: [Migration]
        let polyrevit: Int64
        let lidocaine: Int64
        let performed: Int64
    }

    static func history(_ name: String, before version: Int) throws -> History {
        let database = try TestDatabase.create(name, migrated: false)
        let admin = try database.connect()
        let migrations = try Migration.load(from: ProjectPaths.schema)
        try SchemaMigrator(migrations: migrations.filter { $0.version < version }).migrate(on: admin, actor: "test")
        try database.seed()
        let polyrevit = try LedgerFixture.receiveLot(admin, product: "POLYREVIT-5", lot: "UP-PR", vials: 4, expiresInDays: 300)
        let lidocaine = try LedgerFixture.receiveLot(
            admin, product: "LIDO-1-MD", lot: "UP-LD", vials: 2, expiresInDays: 200, receivedDaysAgo: 5)
        let performed = try LedgerFixture.recordSession(
            admin, patient: "MRN-0006", formula: "REVIT-LIDO",
            draws: [.init(lot: polyrevit, volume: "5"), .init(lot: lidocaine, volume: "1")], performedDaysAgo: 3)
        let cancelled = try LedgerFixture.recordSession(
            admin, patient: "MRN-0008", formula: "REVIT-FACE", draws: [.init(lot: polyrevit, volume: "3", waste: "2")])
        try LedgerFixture.cancelSession(admin, cancelled)
        return History(
            database: database, admin: admin, migrations: migrations, polyrevit: polyrevit, lidocaine: lidocaine,
            performed: performed)
    }

    @Test func theMigrationKeepsEveryRowAndVerifyHolds() throws {
        // A clinic's history, written as the CLI before 0012 wrote it: lots (one received a few
        // days late), sessions now and days back, a cancellation, waste, a recall, an adverse event.
        let history = try Self.history("security_upgrade", before: SecurityBeforeTests.fixVersion)
        let (database, admin, migrations) = (history.database, history.admin, history.migrations)
        let (polyrevit, lidocaine, performed) = (history.polyrevit, history.lidocaine, history.performed)
        try LedgerFixture.recordSession(admin, patient: "MRN-0001", formula: "REVIT-FACE", draws: [.init(lot: polyrevit, volume: "3")])
        try LedgerFixture.move(admin, lot: lidocaine, kind: "waste", ml: "-1")
        try LedgerFixture.changeStatus(admin, lot: lidocaine, to: "recalled")
        try admin.query(
            "INSERT INTO adverse_event (session_id, kind, severity, recorded_by) VALUES (\(performed), 'redness', 'mild', 'Dr')")
        try admin.query(
            "INSERT INTO patient_allergy (patient_id, compound_code, recorded_by) SELECT id, 'thiamine', 'Dr' FROM patient WHERE mrn = 'MRN-0006'")
        let before = try Self.snapshot(admin)
        #expect(before.values.contains { $0 > 0 })

        let applied = try SchemaMigrator(migrations: migrations).migrate(on: admin, actor: "test")
        #expect(applied.map(\.version).contains(SecurityBeforeTests.fixVersion))
        let changed = try Self.changedTables(admin, since: before)
        #expect(changed.isEmpty, "rows changed in the upgrade: \(changed)")

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

    /// Copies every table (but the migration history, which gains the migrations applied) into a
    /// temporary table of the connection, `upgrade_before_<table>`; returns the row counts.
    static func snapshot(_ connection: PostgresConnection) throws -> [String: Int] {
        let tables = try connection.query(
            "SELECT relname::text AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'meso_schema_migration'"
        ).rows.map { try $0.decode("t", as: String.self) }
        var counts: [String: Int] = [:]
        for table in tables {
            try connection.query(PostgresQuery(unsafeSQL: "CREATE TEMPORARY TABLE upgrade_before_\(table) AS TABLE public.\(table)"))
            counts[table] = try connection.query(PostgresQuery(unsafeSQL: "SELECT count(*)::int AS n FROM upgrade_before_\(table)"))
                .rows[0].decode("n")
        }
        return counts
    }

    /// The tables whose rows differ from their snapshot, read through the columns both still have: a
    /// later migration may drop a column whose values it moves elsewhere (0013: a session's override
    /// columns, a limit's with_compound), which that migration's own test follows.
    static func changedTables(_ connection: PostgresConnection, since snapshot: [String: Int]) throws -> [String] {
        try snapshot.keys.sorted().filter { table in
            let columns: String? = try connection.query(
                PostgresQuery(
                    unsafeSQL: """
                        SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) AS c
                          FROM pg_attribute a
                         WHERE a.attrelid = 'public.\(table)'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                           AND EXISTS (SELECT 1 FROM pg_attribute b
                                        WHERE b.attrelid = 'pg_temp.upgrade_before_\(table)'::regclass
                                          AND b.attname = a.attname AND NOT b.attisdropped)
                        """)
            ).rows[0].decode("c")
            guard let columns else { return true }
            let sum = { (relation: String) throws -> String in
                try connection.query(
                    PostgresQuery(
                        unsafeSQL:
                            "SELECT count(*) || ':' || md5(coalesce(string_agg(r::text, E'\\n' ORDER BY r::text), '')) AS s FROM (SELECT \(columns) FROM \(relation)) r"
                    )
                ).rows[0].decode("s")
            }
            return try sum("public.\(table)") != sum("pg_temp.upgrade_before_\(table)")
        }
    }
}
