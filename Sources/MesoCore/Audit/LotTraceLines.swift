import PostgresClient

/// A lot's whole trace as one value: its `lot_trace.trace_line`s joined by newlines (`string_agg`),
/// so the server sends one value for the lot instead of a row per use, and the client splits the
/// bytes itself. No field of a line can hold a newline (their sources are checked printable).
///
/// The lines come in the order the statement reads them from the lot trace's index (performed at,
/// then session); the order is checked as they are read and restored by sorting should it ever differ.
struct LotTraceLines: PostgresByteDecodable {
    let lines: [LotTraceLine]

    init(postgresBytes bytes: UnsafeRawBufferPointer) throws(PostgresDecodingFailure) {
        var lines: [LotTraceLine] = []
        lines.reserveCapacity(bytes.count / 96)
        var ordered = true
        var start = 0
        while start <= bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = try LotTraceLine(postgresBytes: UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            if let last = lines.last, (last.performedAt, last.sessionID) > (line.performedAt, line.sessionID) {
                ordered = false
            }
            lines.append(line)
            start = end + 1
        }
        self.lines = ordered ? lines : lines.sorted { ($0.performedAt, $0.sessionID) < ($1.performedAt, $1.sessionID) }
    }
}
