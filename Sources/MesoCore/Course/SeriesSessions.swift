/// How many sessions a course's first series plans, one formula interval apart: 1 to 20 (results
/// show from sessions 3 to 5 of a series: five by default).
public struct SeriesSessions: CheckedNumber {
    public static let `default` = 5

    public let value: Int

    public init(_ text: String, field: Message) throws(MesoError) {
        value = try FieldText.integer(text, field: field, in: 1...20)
    }
}
