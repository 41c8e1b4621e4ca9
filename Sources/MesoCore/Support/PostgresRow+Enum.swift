import PostgresClient

extension PostgresRow {
    /// Decodes a text column into one of meso's string enums; a value the enum does not know is a
    /// decoding error naming the column (the schema's CHECK and the enum have drifted apart).
    func decodeEnum<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws(PostgresError)
        -> Value where Value.RawValue == String
    {
        let text: String = try decode(column)
        guard let value = Value(rawValue: text) else {
            throw PostgresError(kind: .decoding, message: "column \(column) holds an unknown value \(text)", column: column)
        }
        return value
    }
}
