import PostgresClient

/// The indexes of the large tables that no constraint owns, as their migrations made them: the
/// bulk load drops them first and builds them again once every row is in (one sort per index
/// instead of a million single insertions into each, as pg_restore does it). Primary keys and
/// unique constraints stay, and are checked row by row as always.
struct SecondaryIndexes {
    struct Definition {
        let name: String
        let table: String
        let sql: String
    }

    let definitions: [Definition]

    static func of(_ tables: [String], on connection: PostgresConnection) throws -> SecondaryIndexes {
        let rows = try connection.query(
            """
            SELECT c.relname AS name, t.relname AS table_name, pg_get_indexdef(i.indexrelid) AS definition
              FROM pg_index i
              JOIN pg_class c ON c.oid = i.indexrelid
              JOIN pg_class t ON t.oid = i.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
             WHERE t.relname = ANY(\(tables)) AND NOT i.indisprimary
               AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
             ORDER BY t.relname, c.relname
            """
        ).rows
        return SecondaryIndexes(
            definitions: try rows.map {
                Definition(name: try $0.decode("name"), table: try $0.decode("table_name"), sql: try $0.decode("definition"))
            })
    }

    func drop(on connection: PostgresConnection) throws {
        for index in definitions { try connection.query("DROP INDEX \(identifier: index.name)") }
    }

    /// Builds them all again, over `connections` in parallel, the largest tables' first.
    func rebuild(url: String, connections: Int, order tables: [String]) throws {
        let ordered = definitions.sorted {
            (tables.firstIndex(of: $0.table) ?? tables.count, $0.name) < (tables.firstIndex(of: $1.table) ?? tables.count, $1.name)
        }
        let queue = WorkQueue(ordered.map(\.sql))
        try Parallel.run(
            (0..<connections).map { _ in
                {
                    let connection = try PostgresConnection(url, applicationName: "meso-bench-loader")
                    try connection.query("SET maintenance_work_mem = '256MB'")
                    while let sql = queue.next() { try connection.execute(script: sql) }
                }
            })
    }
}
