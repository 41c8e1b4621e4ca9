import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension PostgresConnection {
    /// Sends every statement without waiting for the previous one's answer (libpq pipeline mode),
    /// then reads all the answers: one round trip for the whole batch instead of one per statement.
    ///
    /// The statements run in order, each in its own implicit transaction unless the batch starts
    /// with `BEGIN` (or runs inside `transaction`). The first failure is thrown after every answer
    /// has been read, so the connection is left clean; statements after a failure are skipped.
    ///
    /// With `prepared`, each distinct SQL text is prepared once per connection, in the same pipeline.
    public func pipeline(_ queries: [PostgresQuery], prepared: Bool = false) throws(PostgresError) -> [PostgresResult] {
        guard !queries.isEmpty else { return [] }
        for query in queries { try checkNoNul(query.bindings) }
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError() }
        roundTrips += 1
        statementLog?.record(queries, pipelined: true, prepared: prepared)
        // Non-blocking so that writing a large batch can never deadlock against a server that is
        // itself blocked writing answers we have not read yet: we read whenever we cannot write.
        PQsetnonblocking(handle, 1)
        defer {
            PQsetnonblocking(handle, 0)
            PQexitPipelineMode(handle)
        }

        var reader = PipelineReader()
        var newlyPrepared: [String: String] = [:]
        var preparationOrder: [String] = []
        for query in queries {
            if prepared {
                let name: String
                if let known = preparedStatements[query.sql] ?? newlyPrepared[query.sql] {
                    name = known
                } else {
                    preparedStatementCount += 1
                    name = "meso_\(preparedStatementCount)"
                    let types = query.bindings.types.map { Oid($0.rawValue) }
                    let sent = types.withUnsafeBufferPointer {
                        PQsendPrepare(handle, name, query.sql, Int32(types.count), $0.baseAddress)
                    }
                    guard sent == 1 else { throw abandonPipeline() }
                    newlyPrepared[query.sql] = name
                    preparationOrder.append(query.sql)
                    reader.expect(.preparation)
                }
                let sent = withParameters(query.bindings) { count, _, values in
                    PQsendQueryPrepared(handle, name, count, values, nil, nil, 0)
                }
                guard sent == 1 else { throw abandonPipeline() }
            } else {
                let sent = withParameters(query.bindings) { count, types, values in
                    PQsendQueryParams(handle, query.sql, count, types, values, nil, nil, 0)
                }
                guard sent == 1 else { throw abandonPipeline() }
            }
            reader.expect(.statement)
        }
        // One flush for the whole batch: flushing after every statement cost one sendto (and a
        // server wake-up) per statement. libpq pushes its buffer by itself once it grows past its
        // threshold, reading as it goes, so a long batch still streams without deadlock.
        guard PQpipelineSync(handle) == 1 else { throw abandonPipeline() }
        reader.expect(.sync)
        try flush(reading: &reader)
        while !reader.isDone {
            try wait(forWrite: false)
            try readAvailable(into: &reader)
        }
        // Prepared statements outlive a failed transaction: remember each one the server made,
        // even when a later statement of the pipeline failed.
        for (sql, succeeded) in zip(preparationOrder, reader.preparations) where succeeded {
            preparedStatements[sql] = newlyPrepared[sql]
        }
        if let error = reader.firstError { throw error }
        return reader.results
    }

    /// Sends read-only `queries` in one pipeline that reads one snapshot: inside the caller's
    /// transaction when there is one, else between a `BEGIN ISOLATION LEVEL REPEATABLE READ READ
    /// ONLY` and a `COMMIT` sent in the same pipeline. Returns the results of `queries` alone.
    public func snapshotPipeline(_ queries: [PostgresQuery], prepared: Bool = false) throws(PostgresError)
        -> [PostgresResult]
    {
        guard !isInTransaction else { return try pipeline(queries, prepared: prepared) }
        do {
            let results = try pipeline(
                ["BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"] + queries + ["COMMIT"], prepared: prepared)
            return Array(results.dropFirst().dropLast())
        } catch {
            // A failure inside the pipeline leaves the BEGIN's transaction open and aborted.
            rollbackQuietly()
            throw error
        }
    }

    /// Pushes buffered output to the server, reading answers whenever the socket is not writable.
    private func flush(reading reader: inout PipelineReader) throws(PostgresError) {
        while true {
            let status = PQflush(handle)
            if status == 0 { return }
            guard status == 1 else { throw abandonPipeline() }
            try wait(forWrite: true)
            try readAvailable(into: &reader)
        }
    }

    private func readAvailable(into reader: inout PipelineReader) throws(PostgresError) {
        guard PQconsumeInput(handle) == 1 else { throw abandonPipeline() }
        while !reader.isDone, PQisBusy(handle) == 0 {
            let result = PQgetResult(handle)
            reader.receive(result, connection: self)
            if let result { PQclear(result) }
        }
    }

    private func wait(forWrite: Bool) throws(PostgresError) {
        var descriptor = pollfd(
            fd: PQsocket(handle), events: Int16(POLLIN) | (forWrite ? Int16(POLLOUT) : 0), revents: 0)
        while poll(&descriptor, 1, -1) < 0 {
            guard errno == EINTR else { throw abandonPipeline() }
        }
    }

    private func abandonPipeline() -> PostgresError {
        connectionError()
    }
}

/// Pairs each answer libpq hands back with the command that was sent, in order.
private struct PipelineReader {
    enum Expected { case preparation, statement, sync }

    private var expected: [Expected] = []
    private var position = 0
    private var sawResultForCurrent = false
    private var preparedCurrent = false
    /// For each preparation sent, in order: whether the server prepared the statement.
    private(set) var preparations: [Bool] = []
    private(set) var results: [PostgresResult] = []
    private(set) var firstError: PostgresError?

    var isDone: Bool { position == expected.count }

    mutating func expect(_ kind: Expected) { expected.append(kind) }

    /// libpq yields each command's result(s) followed by NULL, and a PIPELINE_SYNC result for the sync.
    mutating func receive(_ result: OpaquePointer?, connection: PostgresConnection) {
        guard position < expected.count else { return }
        let kind = expected[position]
        if kind == .sync {
            if let result, PQresultStatus(result) == PGRES_PIPELINE_SYNC { position += 1 }
            return
        }
        guard let result else {
            // The end of one command's answers.
            if kind == .statement && !sawResultForCurrent {
                results.append(.skipped)
            }
            if kind == .preparation {
                preparations.append(preparedCurrent)
            }
            sawResultForCurrent = false
            preparedCurrent = false
            position += 1
            return
        }
        sawResultForCurrent = true
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            if kind == .statement { results.append(PostgresConnection.read(result)) }
            if kind == .preparation { preparedCurrent = true }
        case PGRES_PIPELINE_ABORTED:
            if kind == .statement {
                results.append(.skipped)
            }
            if firstError == nil {
                firstError = PostgresError(kind: .server, message: "a pipelined statement was skipped after a failure")
            }
        default:
            if kind == .statement {
                results.append(.skipped)
            }
            if firstError == nil { firstError = connection.error(from: result) }
        }
    }
}
