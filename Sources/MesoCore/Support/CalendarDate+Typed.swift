import PostgresClient

extension CalendarDate {
    /// A calendar date as typed, `YYYY-MM-DD`; a refusal names `field`.
    public init(_ text: String, field: Message) throws(MesoError) {
        self = try FieldText.date(text, field: field)
    }

    /// A calendar date as typed; a refusal names `field`.
    public init(_ text: String, field: Field) throws(MesoError) {
        try self.init(text, field: "\(field)")
    }

    /// The value of an input that may be absent: nil when it is, else checked as typed.
    public init?(_ text: String?, field: Field) throws(MesoError) {
        guard let text else { return nil }
        try self.init(text, field: "\(field)")
    }
}
