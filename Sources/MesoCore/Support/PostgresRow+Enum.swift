import PostgresClient

extension PostgresRow {
    /// Decodes a text column into one of meso's string enums; a value the enum does not know is a
    /// decoding error naming the column (the schema's CHECK and the enum have drifted apart).
    func decodeEnum<Value: RawRepresentable>(_ column: String, as type: Value.Type = Value.self) throws(PostgresError)
        -> Value where Value.RawValue == String
    {
        try Self.enumValue(try decode(column, as: String.self), column: column)
    }

    /// The same for a nullable column: NULL is nil.
    func decodeEnum<Value: RawRepresentable>(_ column: String, as type: Value?.Type) throws(PostgresError)
        -> Value? where Value.RawValue == String
    {
        guard let text = try decode(column, as: String?.self) else { return nil }
        return try Self.enumValue(text, column: column)
    }

    private static func enumValue<Value: RawRepresentable>(_ text: String, column: String) throws(PostgresError)
        -> Value where Value.RawValue == String
    {
        guard let value = Value(rawValue: text) else {
            throw PostgresError(kind: .decoding, message: "column \(column) holds an unknown value \(text)", column: column)
        }
        return value
    }
}
