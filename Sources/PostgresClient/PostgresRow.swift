/// The column names of a result, shared by its rows.
public final class PostgresColumns: Sendable {
    public let names: [String]
    private let indexByName: [String: Int]

    init(names: [String]) {
        self.names = names
        var index: [String: Int] = [:]
        // With duplicate names the first column wins, as in libpq's PQfnumber.
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        self.indexByName = index
    }

    public func index(of name: String) -> Int? { indexByName[name] }
}

/// One row of a result, copied out of libpq's buffer so that it outlives it.
public struct PostgresRow: Sendable {
    public let columns: PostgresColumns
    /// Each column's text, nil for SQL NULL.
    public let values: [String?]

    public init(columns: PostgresColumns, values: [String?]) {
        self.columns = columns
        self.values = values
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

    public func decode<Value: PostgresDecodable>(at index: Int, as type: Value.Type = Value.self) throws(PostgresError)
        -> Value
    {
        guard values.indices.contains(index) else {
            throw PostgresError(kind: .decoding, message: "the result has no column at position \(index)")
        }
        let name = columns.names[index]
        do {
            return try Value.decode(nullable: values[index])
        } catch {
            throw PostgresError(
                kind: .decoding, message: "column \(name) \(error.reason) (wanted \(Value.self))", column: name)
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
