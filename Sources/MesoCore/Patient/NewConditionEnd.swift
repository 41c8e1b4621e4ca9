import PostgresClient

/// A validated `patient condition end`: the condition record, the day it ended, a note.
public struct NewConditionEnd: Sendable, Hashable {
    public let conditionID: Int64
    public let endedOn: CalendarDate
    public let note: String?

    public init(condition: String, on: String, note: String?) throws(MesoError) {
        conditionID = Int64(try FieldText.integer(condition, field: "ID", in: 1...Int.max))
        endedOn = try FieldText.date(on, field: "\(.on)")
        self.note = try note.map { text throws(MesoError) in try FieldText.note(text, field: "\(.note)") }
    }
}
