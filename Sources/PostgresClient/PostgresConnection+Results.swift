import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What the statements, pipelines and COPY of a connection share: preparing a statement once,
/// passing parameters to libpq, and reading a result or an error.
extension PostgresConnection {
    func prepareIfNeeded(_ query: PostgresQuery) throws(PostgresError) -> String {
        if let name = preparedStatements[query.sql] { return name }
        preparedStatementCount += 1
        let name = "meso_\(preparedStatementCount)"
        let types = query.bindings.types.map { Oid($0.rawValue) }
        roundTrips += 1
        let result = types.withUnsafeBufferPointer { buffer in
            PQprepare(handle, name, query.sql, Int32(types.count), buffer.baseAddress)
        }
        _ = try consume(result)
        preparedStatements[query.sql] = name
        return name
    }

    func checkNoNul(_ bindings: PostgresBindings) throws(PostgresError) {
        for value in bindings.values where value?.utf8.contains(0) == true {
            throw PostgresError(
                kind: .client, message: "a text parameter contains a NUL character, which PostgreSQL cannot store")
        }
    }

    /// Calls `body` with libpq's parameter arrays; the C strings live only for the call.
    func withParameters<Result>(
        _ bindings: PostgresBindings,
        _ body: (Int32, UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?) -> Result
    ) -> Result {
        let types = bindings.types.map { Oid($0.rawValue) }
        let copies: [UnsafeMutablePointer<CChar>?] = bindings.values.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        return types.withUnsafeBufferPointer { typeBuffer in
            pointers.withUnsafeBufferPointer { valueBuffer in
                body(Int32(bindings.count), typeBuffer.baseAddress, valueBuffer.baseAddress)
            }
        }
    }

    /// Turns a libpq result into a `PostgresResult` or an error, and clears it on every path.
    func consume(_ result: OpaquePointer?) throws(PostgresError) -> PostgresResult {
        guard let result else { throw connectionError() }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE, PGRES_EMPTY_QUERY:
            return Self.read(result)
        case PGRES_PIPELINE_ABORTED:
            throw PostgresError(
                kind: .server, message: "the statement was skipped because an earlier one in the pipeline failed")
        default:
            throw error(from: result)
        }
    }

    static func read(_ result: OpaquePointer) -> PostgresResult {
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = PostgresColumns(
            names: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) })
        let valueCount = rowCount * columnCount
        var starts = [Int32](repeating: -1, count: valueCount)
        var lengths = [Int32](repeating: 0, count: valueCount)
        var size = 0
        for row in 0..<rowCount {
            for column in 0..<columnCount where PQgetisnull(result, Int32(row), Int32(column)) == 0 {
                let slot = row * columnCount + column
                let length = Int(PQgetlength(result, Int32(row), Int32(column)))
                starts[slot] = Int32(truncatingIfNeeded: size)
                lengths[slot] = Int32(truncatingIfNeeded: length)
                size += length
            }
        }
        // A text result holds far less than 2 GiB (libpq would have failed to allocate it first).
        precondition(size <= Int(Int32.max), "a result larger than 2 GiB")
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 1)
        for slot in 0..<valueCount where starts[slot] >= 0 && lengths[slot] > 0 {
            let source = PQgetvalue(result, Int32(slot / columnCount), Int32(slot % columnCount))!
            (bytes.baseAddress! + Int(starts[slot])).copyMemory(from: source, byteCount: Int(lengths[slot]))
        }
        let values = PostgresResultValues(bytes: bytes, starts: starts, lengths: lengths, columnCount: columnCount)
        let rows = (0..<rowCount).map { PostgresRow(columns: columns, values: values, index: $0) }
        let tag = String(cString: PQcmdStatus(result))
        let affected = Int(String(cString: PQcmdTuples(result))) ?? rowCount
        return PostgresResult(columns: columns, rows: rows, affectedRows: affected, commandTag: tag)
    }

    func error(from result: OpaquePointer) -> PostgresError {
        func field(_ code: Int32) -> String? {
            PQresultErrorField(result, code).map { String(cString: $0) }
        }
        guard let state = field(MESO_PG_DIAG_SQLSTATE) else {
            // No SQLSTATE: libpq itself failed, usually because the connection broke.
            return connectionError(fallback: PQresultErrorMessage(result).map { String(cString: $0) })
        }
        var failure = PostgresError(
            kind: .server,
            sqlState: SQLState(state),
            message: field(MESO_PG_DIAG_MESSAGE_PRIMARY) ?? "the server reported an error",
            detail: field(MESO_PG_DIAG_MESSAGE_DETAIL),
            hint: field(MESO_PG_DIAG_MESSAGE_HINT),
            constraint: field(MESO_PG_DIAG_CONSTRAINT_NAME),
            table: field(MESO_PG_DIAG_TABLE_NAME),
            column: field(MESO_PG_DIAG_COLUMN_NAME))
        failure.user = user
        return failure
    }

    func connectionError(fallback: String? = nil) -> PostgresError {
        let message = Self.errorMessage(of: handle)
        let text = message.isEmpty ? (fallback ?? "no response from the server") : message
        let lost = PQstatus(handle) == CONNECTION_BAD
        return PostgresError(
            kind: lost ? .connectionLost : .client,
            message: lost ? "the connection to the database was lost: \(text)" : text)
    }

    static func errorMessage(of connection: OpaquePointer) -> String {
        guard let pointer = PQerrorMessage(connection) else { return "" }
        var text = String(cString: pointer)
        while text.last?.isWhitespace == true { text.removeLast() }
        // libpq's messages can span lines ("connection to server ... failed: \n\tIs the server running...").
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingLeadingWhitespace() }.joined(separator: " ")
    }
}
