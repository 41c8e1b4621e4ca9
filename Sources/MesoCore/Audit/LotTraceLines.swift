import PostgresClient

/// A lot's whole trace as one value: its `lot_trace.trace_line`s joined by newlines (`string_agg`),
/// so the server sends one value for the lot instead of a row per use, and the client splits the
/// bytes itself. No field of a line can hold a newline (their sources are checked printable).
///
/// The lines come in the order the statement reads them from the lot trace's index (performed at,
/// then session); the order is checked as they are read and restored by sorting should it ever differ.
enum LotTraceLines {
    /// Each line of `bytes` made into a use by `use` as soon as it is read, so that a trace of
    /// thousands of lines is never held twice; in the order of `key` (performed at, then session).
    static func uses<Use>(
        in bytes: UnsafeRawBufferPointer, _ use: (LotTraceLine) -> Use, orderedBy key: (Use) -> (Timestamp, Int64)
    ) throws(PostgresDecodingFailure) -> [Use] {
        var uses: [Use] = []
        uses.reserveCapacity(bytes.count / 96)
        var ordered = true
        var lastKey: (Timestamp, Int64)?
        var start = 0
        while start <= bytes.count {
            let end = bytes.offset(of: UInt8(ascii: "\n"), from: start)
            let next = use(try LotTraceLine(postgresBytes: UnsafeRawBufferPointer(rebasing: bytes[start..<end])))
            let nextKey = key(next)
            if let lastKey, lastKey > nextKey { ordered = false }
            lastKey = nextKey
            uses.append(next)
            start = end + 1
        }
        return ordered ? uses : uses.sorted { key($0) < key($1) }
    }
}
