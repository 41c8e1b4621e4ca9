import Foundation
import MesoCore
import PostgresClient

extension TestDatabase {
    /// A migrated database of its own holding the fixture catalog and demo patients (Fixtures/),
    /// loaded by the same seeder `meso db seed` runs.
    public static func seeded(_ suite: String, server: String? = nil) throws -> TestDatabase {
        let database = try create(suite, server: server)
        try database.seed()
        return database
    }

    /// Loads Fixtures/ as `meso db seed` does. A database an upgrade test has migrated only part of the
    /// way, before products had an in-use period (Schema/0015), gets the column for the seed only, so
    /// that it is left as that schema has it and the migration adds it (and its values) itself.
    public func seed() throws {
        let connection = try connect()
        let beforeInUseDays: Bool = try connection.query(
            """
            SELECT NOT EXISTS (SELECT FROM information_schema.columns
                                WHERE table_schema = 'public' AND table_name = 'product' AND column_name = 'in_use_days') AS b
            """
        ).rows[0].decode("b")
        if beforeInUseDays { try connection.query("ALTER TABLE product ADD COLUMN in_use_days integer") }
        _ = try FixtureSeeder(directory: ProjectPaths.fixtures, actor: try Actor("test")).seed(on: connection)
        if beforeInUseDays { try connection.query("ALTER TABLE product DROP COLUMN in_use_days") }
    }
}
