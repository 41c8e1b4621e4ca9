import Foundation
import PostgresClient

extension TestDatabase {
    /// The number of rows of each table, to show that a refused command wrote nothing.
    public func rowCounts(of tables: [String]) throws -> [String: Int] {
        try connect().rowCounts(of: tables)
    }
}

extension PostgresConnection {
    /// The number of rows of each table this login sees.
    public func rowCounts(of tables: [String]) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for table in tables {
            counts[table] = try query("SELECT count(*) AS n FROM \(identifier: table)").rows[0].decode("n")
        }
        return counts
    }
}
