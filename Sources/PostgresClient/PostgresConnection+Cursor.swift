extension PostgresConnection {
    /// Reads the rows of `query` through a server-side cursor, `batchSize` rows per round trip,
    /// handing each batch to `body` as it arrives: a listing of years of history (1.7 million
    /// ledger rows) is never held in memory whole. One read-only snapshot for all batches.
    ///
    /// `body` runs once per batch and never again (no retry: what it printed stays printed); an
    /// error it throws ends the read and rolls the snapshot back.
    public func forEachBatch(
        _ query: PostgresQuery, batchSize: Int, _ body: ([PostgresRow]) throws -> Void
    ) throws {
        precondition(batchSize > 0)
        try transaction(isolation: .repeatableRead, readOnly: true, maxAttempts: 1) { connection in
            try connection.query("DECLARE meso_batches NO SCROLL CURSOR FOR " + query)
            let fetch = PostgresQuery(unsafeSQL: "FETCH FORWARD \(batchSize) FROM meso_batches")
            while true {
                let rows = try connection.query(fetch).rows
                if !rows.isEmpty { try body(rows) }
                if rows.count < batchSize { break }
            }
        }
    }
}
