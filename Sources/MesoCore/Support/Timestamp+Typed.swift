import PostgresClient

extension Timestamp {
    /// An instant as typed: ISO 8601 (`2026-11-25T09:30:00Z`, an offset, or a bare date for
    /// midnight UTC); a refusal names `field`.
    public init(_ text: String, field: Message) throws(MesoError) {
        self = try FieldText.time(text, field: field)
    }

    /// An instant as typed; a refusal names `field`.
    public init(_ text: String, field: Field) throws(MesoError) {
        try self.init(text, field: "\(field)")
    }

    /// The value of an input that may be absent: nil when it is, else checked as typed.
    public init?(_ text: String?, field: Field) throws(MesoError) {
        guard let text else { return nil }
        try self.init(text, field: "\(field)")
    }
}
