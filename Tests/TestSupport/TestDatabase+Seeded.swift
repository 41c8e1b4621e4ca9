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

    /// Loads Fixtures/ as `meso db seed` does, also into a database an upgrade test has migrated only
    /// part of the way (FixtureSeeder writes what that schema holds).
    public func seed() throws {
        _ = try FixtureSeeder(directory: ProjectPaths.fixtures, actor: try Actor("test")).seed(on: try connect())
    }
}
