import CLibPQ

extension PostgresConnection {
    /// Streams rows into `COPY ... FROM STDIN` (text format) and returns the number of rows copied.
    ///
    ///     try connection.copyIn("COPY stock_movement (lot_id, quantity_ml) FROM STDIN") { rows in
    ///         for movement in movements { try rows.append([String(movement.lot), movement.ml.description]) }
    ///     }
    ///
    /// If `body` throws, the COPY is aborted on the server and nothing is written.
    @discardableResult
    public func copyIn(_ statement: PostgresQuery, _ body: (inout CopyInWriter) throws -> Void) throws -> Int {
        try startCopy(statement)
        var writer = CopyInWriter(connection: self)
        do {
            try body(&writer)
            try writer.flush()
        } catch {
            PQputCopyEnd(handle, "aborted by the client")
            _ = try? finishCopy()
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw connectionError() }
        return try finishCopy()
    }

    /// Streams raw bytes (CSV, say) into a `COPY ... FROM STDIN` whose options describe them.
    @discardableResult
    public func copyIn(_ statement: PostgresQuery, bytes: [UInt8]) throws(PostgresError) -> Int {
        try startCopy(statement)
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + CopyInWriter.chunkSize)
            let sent = bytes[offset..<end].withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
            }
            guard sent == 1 else { throw connectionError() }
            offset = end
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw connectionError() }
        return try finishCopy()
    }

    private func startCopy(_ statement: PostgresQuery) throws(PostgresError) {
        try checkNoNul(statement.bindings)
        roundTrips += 1
        statementLog?.record([statement], pipelined: false, prepared: false)
        let result = withParameters(statement.bindings) { count, types, values in
            PQexecParams(handle, statement.sql, count, types, values, nil, nil, 0)
        }
        guard let result else { throw connectionError() }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COPY_IN else {
            if PQresultStatus(result) == PGRES_FATAL_ERROR { throw error(from: result) }
            throw PostgresError(kind: .client, message: "the statement given to copyIn is not a COPY ... FROM STDIN")
        }
    }

    private func finishCopy() throws(PostgresError) -> Int {
        roundTrips += 1
        var copied = 0
        var failure: PostgresError?
        while let result = PQgetResult(handle) {
            defer { PQclear(result) }
            if PQresultStatus(result) == PGRES_COMMAND_OK {
                copied = Int(String(cString: PQcmdTuples(result))) ?? 0
            } else if failure == nil {
                failure = error(from: result)
            }
        }
        if let failure { throw failure }
        return copied
    }

    fileprivate func send(_ buffer: [UInt8]) throws(PostgresError) {
        let sent = buffer.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { throw connectionError() }
    }
}

/// Encodes rows in COPY's text format and hands them to libpq in chunks.
public struct CopyInWriter: ~Copyable {
    static let chunkSize = 1 << 16

    private let connection: PostgresConnection
    private var buffer: [UInt8] = []
    public private(set) var rowCount = 0

    fileprivate init(connection: PostgresConnection) {
        self.connection = connection
        buffer.reserveCapacity(Self.chunkSize + 1024)
    }

    /// One row; nil is SQL NULL. Tabs, newlines and backslashes inside values are escaped.
    public mutating func append(_ row: [String?]) throws(PostgresError) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let value else {
                buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
                continue
            }
            for byte in value.utf8 {
                switch byte {
                case 0:
                    throw PostgresError(kind: .client, message: "a COPY value contains a NUL character")
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
        rowCount += 1
        if buffer.count >= Self.chunkSize { try flush() }
    }

    mutating func flush() throws(PostgresError) {
        guard !buffer.isEmpty else { return }
        try connection.send(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
