/// The column names of a result, shared by its rows.
///
/// Rows are decoded by column name, once per column per row, so the lookup is a small open-
/// addressing table keyed by an FNV-1a hash of the name's bytes: a `Dictionary<String, Int>`
/// spends most of its time seeding and finalising SipHash, which showed in every profile.
public final class PostgresColumns: Sendable {
    public let names: [String]
    /// Column positions plus one, 0 for an empty slot; a power-of-two size at least twice `names`.
    private let slots: [Int32]

    init(names: [String]) {
        self.names = names
        var size = 8
        while size < names.count * 2 { size *= 2 }
        var slots = [Int32](repeating: 0, count: size)
        // With duplicate names the first column wins, as in libpq's PQfnumber.
        for (position, name) in names.enumerated() {
            var slot = Self.hash(name) & (size - 1)
            while slots[slot] != 0 {
                if names[Int(slots[slot]) - 1] == name { break }
                slot = (slot + 1) & (size - 1)
            }
            if slots[slot] == 0 { slots[slot] = Int32(position + 1) }
        }
        self.slots = slots
    }

    public func index(of name: String) -> Int? {
        var slot = Self.hash(name) & (slots.count - 1)
        while slots[slot] != 0 {
            let position = Int(slots[slot]) - 1
            if names[position] == name { return position }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    private static func hash(_ name: String) -> Int {
        // Over the contiguous bytes: iterating `utf8` itself cost more than the rest of the lookup.
        var name = name
        return name.withUTF8 { bytes in
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in bytes {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
            return Int(truncatingIfNeeded: hash ^ (hash >> 29))
        }
    }
}

/// The values of a result, copied out of libpq's buffer in one piece so that they outlive it:
/// every value's bytes back to back, and where each starts and ends. One copy per result instead
/// of a `String` per value: a lot's trace is thousands of rows of a dozen columns.
///
/// `@unchecked Sendable` because the bytes are raw memory: they are written once, before `init`
/// takes them over, only read afterwards, and freed with the object.
public final class PostgresResultValues: @unchecked Sendable {
    private let bytes: UnsafeMutableRawBufferPointer
    /// Per value, row-major: its start in `bytes`, or -1 for SQL NULL.
    private let starts: [Int32]
    /// Per value, row-major: its length in bytes.
    private let lengths: [Int32]
    private let columnCount: Int

    /// Takes ownership of `bytes`.
    init(bytes: UnsafeMutableRawBufferPointer, starts: [Int32], lengths: [Int32], columnCount: Int) {
        self.bytes = bytes
        self.starts = starts
        self.lengths = lengths
        self.columnCount = columnCount
    }

    deinit { bytes.deallocate() }

    /// The bytes of one value, nil for NULL: valid only while this object is alive.
    func value(row: Int, column: Int) -> UnsafeRawBufferPointer? {
        let slot = row * columnCount + column
        let start = Int(starts[slot])
        guard start >= 0 else { return nil }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<(start + Int(lengths[slot]))])
    }
}

/// One row of a result.
public struct PostgresRow: Sendable {
    public let columns: PostgresColumns
    let values: PostgresResultValues
    let index: Int

    init(columns: PostgresColumns, values: PostgresResultValues, index: Int) {
        self.columns = columns
        self.values = values
        self.index = index
    }

    /// Decodes the named column; a missing column, NULL into a non-optional, or a value of the
    /// wrong shape is an error that names the column.
    public func decode<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws(PostgresError)
        -> Value
    {
        guard let index = columns.index(of: column) else {
            throw PostgresError(kind: .decoding, message: "the result has no column \(column)", column: column)
        }
        return try decode(at: index, as: type)
    }

    public func decode<Value: PostgresDecodable>(at column: Int, as type: Value.Type = Value.self) throws(PostgresError)
        -> Value
    {
        try withBytes(at: column, wanted: "\(Value.self)") { bytes throws(PostgresDecodingFailure) in
            try Value.decode(nullableBytes: bytes)
        }
    }

    /// What `body` makes of the column's bytes (nil for NULL), which are valid only during the call:
    /// for a value read with what the caller already holds, as a lot's trace is made into its uses
    /// with the lot. A failure names the column and `wanted`, as `decode` does.
    public func withBytes<Result>(
        at column: Int, wanted: String, _ body: (UnsafeRawBufferPointer?) throws(PostgresDecodingFailure) -> Result
    ) throws(PostgresError) -> Result {
        guard columns.names.indices.contains(column) else {
            throw PostgresError(kind: .decoding, message: "the result has no column at position \(column)")
        }
        // The bytes belong to `values`, which must outlive their decoding.
        defer { withExtendedLifetime(values) {} }
        do {
            return try body(values.value(row: index, column: column))
        } catch {
            let name = columns.names[column]
            throw PostgresError(kind: .decoding, message: "column \(name) \(error.reason) (wanted \(wanted))", column: name)
        }
    }
}

/// The rows a statement returned and the number of rows it affected.
public struct PostgresResult: Sendable {
    public let columns: PostgresColumns
    public let rows: [PostgresRow]
    /// From the command tag: rows inserted, updated, deleted, copied or selected.
    public let affectedRows: Int
    /// The command tag (`INSERT 0 1`, `COMMIT`, `ROLLBACK`, ...).
    public let commandTag: String

    public var first: PostgresRow? { rows.first }

    /// Stands in the pipeline's answers for a statement that did not run.
    static let skipped = PostgresResult(columns: PostgresColumns(names: []), rows: [], affectedRows: 0, commandTag: "")
    public var isEmpty: Bool { rows.isEmpty }
}
