import Foundation
import PostgresClient
import Testing
import TestSupport

@Suite("Prepared statements, pipeline mode and COPY")
struct BulkAndPipelineTests {
    let database: TestDatabase

    init() throws {
        database = try SharedDatabases.client()
    }

    @Test func pipelineReturnsEachResultInOrder() throws {
        let connection = try database.connect()
        try connection.query("CREATE TEMP TABLE t (v int)")
        let results = try connection.pipeline([
            "INSERT INTO t VALUES (\(1))", "INSERT INTO t VALUES (\(2)), (\(3))", "SELECT sum(v) AS s FROM t",
        ])
        #expect(results.count == 3)
        #expect(results[0].affectedRows == 1)
        #expect(results[1].affectedRows == 2)
        #expect(try results[2].first?.decode("s", as: Int.self) == 6)
    }

    @Test func pipelineFailureIsThrownAndTheConnectionStaysUsable() throws {
        let connection = try database.connect()
        try connection.query("CREATE TEMP TABLE t (v int PRIMARY KEY)")
        #expect {
            try connection.pipeline([
                "BEGIN", "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (1)", "INSERT INTO t VALUES (2)", "COMMIT",
            ])
        } throws: { error in
            (error as? PostgresError)?.sqlState == .uniqueViolation
        }
        connection.query_rollbackIfNeeded()
        #expect(try connection.query("SELECT count(*) AS n FROM t").first?.decode("n", as: Int.self) == 0)
    }

    @Test func batchesOfACursorReadOneSnapshotInOrder() throws {
        let connection = try database.connect()
        let other = try database.connect()
        let table = "batches_\(UInt32.random(in: 0...UInt32.max))"
        try connection.query("CREATE TABLE \(identifier: table) (v int PRIMARY KEY)")
        defer { _ = try? connection.query("DROP TABLE \(identifier: table)") }
        try connection.query("INSERT INTO \(identifier: table) SELECT generate_series(1, 25)")

        var batches: [[Int]] = []
        try connection.forEachBatch("SELECT v FROM \(identifier: table) WHERE v > \(0) ORDER BY v", batchSize: 10) { rows in
            batches.append(try rows.map { try $0.decode("v", as: Int.self) })
            // Written and committed while the cursor is open: not part of what it reads.
            try other.query("INSERT INTO \(identifier: table) VALUES (\(100 + batches.count))")
        }
        #expect(batches.map(\.count) == [10, 10, 5])
        #expect(batches.flatMap { $0 } == Array(1...25))
        #expect(!connection.isInTransaction)

        // An exact multiple ends on an empty fetch, which is not handed over.
        var sizes: [Int] = []
        try connection.forEachBatch("SELECT v FROM \(identifier: table) WHERE v <= 20", batchSize: 10) { sizes.append($0.count) }
        #expect(sizes == [10, 10])

        // A failure in the body ends the read, ends the snapshot, and the connection goes on.
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try connection.forEachBatch("SELECT v FROM \(identifier: table)", batchSize: 5) { _ in throw Stop() }
        }
        #expect(!connection.isInTransaction)
        #expect(try connection.query("SELECT count(*) AS n FROM \(identifier: table)").first?.decode("n", as: Int.self) == 28)
    }

    @Test func statementLogRecordsEachRoundTripWithItsValues() throws {
        let connection = try database.connect()
        let log = StatementLog()
        connection.statementLog = log
        try connection.query("SELECT \(1) AS one")
        _ = try connection.pipeline(["SELECT \("a") AS a", "SELECT \(Int64(2)) AS b"], prepared: true)
        connection.statementLog = nil
        try connection.query("SELECT 3")
        #expect(log.trips.count == 2)
        #expect(log.trips[0].pipelined == false)
        #expect(log.trips[1].pipelined && log.trips[1].prepared)
        #expect(log.trips[1].statements.map(\.sql) == ["SELECT $1 AS a", "SELECT $1 AS b"])
        #expect(log.trips[1].statements[1].bindings.values == ["2"])
        #expect(log.trips[1].statements[1].bindings.types == [.int8])
    }

    @Test func aLongPipelineStreamsWithoutDeadlock() throws {
        // Far more than the socket buffers hold, both ways: the batch is flushed once at its end,
        // so libpq must push and read on its own while it is written.
        let connection = try database.connect()
        let filler = String(repeating: "x", count: 2_000)
        let queries = (0..<3_000).map { index -> PostgresQuery in "SELECT \(index) AS n, \(filler) AS filler" }
        let results = try connection.pipeline(queries, prepared: true)
        #expect(results.count == 3_000)
        #expect(try results[2_999].first?.decode("n", as: Int.self) == 2_999)
    }

    @Test func preparedStatementsAreReused() throws {
        let connection = try database.connect()
        for value in 1...5 {
            let row = try connection.preparedQuery("SELECT \(value) * 2 AS doubled").first
            #expect(try row?.decode("doubled", as: Int.self) == value * 2)
        }
        let prepared = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements").first
        #expect(try prepared?.decode("n", as: Int.self) == 1)
    }

    @Test func copyLoadsRowsWithEscapesAndNulls() throws {
        let connection = try database.connect()
        try connection.query("CREATE TEMP TABLE t (name text, note text)")
        let rows: [[String?]] = [["tab\there", nil], ["new\nline", "back\\slash"], ["فاطمة", "💉"]]
        let copied = try connection.copyIn("COPY t (name, note) FROM STDIN") { writer in
            for row in rows { try writer.append(row) }
        }
        #expect(copied == 3)
        let stored = try connection.query("SELECT name, note FROM t ORDER BY name").rows.map {
            [try $0.decode("name", as: String?.self), try $0.decode("note", as: String?.self)]
        }
        #expect(Set(stored.map { $0.map { $0 ?? "<null>" } }) == Set(rows.map { $0.map { $0 ?? "<null>" } }))
    }

    @Test func abortedCopyWritesNothing() throws {
        let connection = try database.connect()
        try connection.query("CREATE TEMP TABLE t (v int)")
        struct Stop: Error {}
        #expect(throws: Stop.self) {
            try connection.copyIn("COPY t (v) FROM STDIN") { writer in
                try writer.append(["1"])
                throw Stop()
            }
        }
        #expect(try connection.query("SELECT count(*) AS n FROM t").first?.decode("n", as: Int.self) == 0)
    }

    /// Prints the three timings the foundation issue asks for; no assertion on speed.
    @Test func tenThousandRowsRowByRowPipelinedAndCopied() throws {
        let connection = try database.connect()
        try connection.query("CREATE TEMP TABLE t (id int, name text, ml numeric(12,3))")
        let count = 10_000
        let amount = Decimal(exactText: "2.500")!

        let rowByRow = try measure {
            try connection.transaction { tx in
                for i in 0..<count { try tx.preparedQuery("INSERT INTO t VALUES (\(i), \("row \(i)"), \(amount))") }
            }
        }
        let pipelined = try measure {
            var batch: [PostgresQuery] = ["BEGIN"]
            for i in 0..<count { batch.append("INSERT INTO t VALUES (\(i), \("row \(i)"), \(amount))") }
            batch.append("COMMIT")
            _ = try connection.pipeline(batch, prepared: true)
        }
        let copied = try measure {
            try connection.copyIn("COPY t (id, name, ml) FROM STDIN") { writer in
                for i in 0..<count { try writer.append([String(i), "row \(i)", "2.500"]) }
            }
        }
        #expect(try connection.query("SELECT count(*) AS n FROM t").first?.decode("n", as: Int.self) == 3 * count)
        print(
            "10,000 inserts: row by row \(format(rowByRow)) ms, pipeline \(format(pipelined)) ms, COPY \(format(copied)) ms"
        )
    }

    private func measure(_ body: () throws -> Void) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
    }

    private func format(_ milliseconds: Double) -> String {
        String(format: "%.1f", milliseconds)
    }
}

extension PostgresConnection {
    /// A pipeline that failed after BEGIN leaves the transaction open in an aborted state.
    func query_rollbackIfNeeded() {
        if isInTransaction { _ = try? query("ROLLBACK") }
    }
}
