import Foundation
import MesoCore
import PostgresClient

extension TestDatabase {
    /// A migrated database of its own holding the fixture catalog (Fixtures/), loaded by the same
    /// seeder `meso db seed` runs.
    public static func createSeeded(_ suite: String) throws -> TestDatabase {
        let database = try create(suite)
        _ = try FixtureSeeder(directory: ProjectPaths.fixtures, actor: try Actor("test-seed")).seed(on: try database.connect())
        return database
    }

    /// Rows in each table, to prove that a refused command wrote nothing.
    public func rowCounts(_ tables: [String]) throws -> [String: Int] {
        let connection = try connect()
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try connection.query("SELECT count(*) AS n FROM \(identifier: table)").first!.decode("n")
        }
        return counts
    }
}
