import PostgresClient

extension CalendarDate: TypedValue {
    /// A calendar date as typed, `YYYY-MM-DD`; a refusal names `field`.
    public init(_ text: String, field: Message) throws(MesoError) {
        self = try FieldText.date(text, field: field)
    }
}
