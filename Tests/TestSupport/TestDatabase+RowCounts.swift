import Foundation
import MesoCore
import PostgresClient

extension TestDatabase {
    /// The number of rows of each table, to show that a refused command wrote nothing.
    public func rowCounts(of tables: [String]) throws -> [String: Int] {
        let connection = try connect()
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try connection.query("SELECT count(*) AS n FROM \(identifier: table)").first!.decode("n")
        }
        return counts
    }

    /// Loads Fixtures/ (the reference catalog and demo patients) as `meso db seed` does.
    public func seed() throws {
        _ = try FixtureSeeder(directory: ProjectPaths.fixtures, actor: try Actor("test")).seed(on: try connect())
    }

    /// A migrated database of its own, with the reference catalog loaded.
    public static func seeded(_ suite: String) throws -> TestDatabase {
        let database = try create(suite)
        try database.seed()
        return database
    }
}

extension CalendarDate {
    /// Today's UTC date, moved by `days`: expiries in tests stay valid whatever day they run.
    public static func today(plus days: Int = 0) -> CalendarDate {
        Timestamp.now().utcDate.adding(days: days)
    }

    /// The six digits of a GS1 AI 17 (YYMMDD).
    public var gs1YYMMDD: String {
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return two(year % 100) + two(month) + two(day)
    }
}
