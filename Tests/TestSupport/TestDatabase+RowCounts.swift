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

extension TestDatabase {
    /// Every table's rows, as one checksum per table (its row count and the MD5 of its rows in
    /// order): what a data-only dump would compare. Read as the database's owner.
    public func tableChecksums() throws -> [String: String] {
        let connection = try connect()
        let tables: [String] = try connection.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        ).rows.map { try $0.decode("table_name") }
        var checksums: [String: String] = [:]
        for table in tables {
            checksums[table] = try connection.query(
                "SELECT count(*) || ':' || md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS sum FROM \(identifier: table) t"
            ).rows[0].decode("sum")
        }
        return checksums
    }
}
