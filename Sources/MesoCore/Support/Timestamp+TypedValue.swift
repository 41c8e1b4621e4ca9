import PostgresClient

extension Timestamp: TypedValue {
    /// An instant as typed: ISO 8601 (`2026-11-25T09:30:00Z`, an offset, or a bare date for
    /// midnight UTC); a refusal names `field`.
    public init(_ text: String, field: Message) throws(MesoError) {
        self = try FieldText.time(text, field: field)
    }
}
