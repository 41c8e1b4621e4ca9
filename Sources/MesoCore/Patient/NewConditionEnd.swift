import PostgresClient

/// A validated `patient condition end`: the condition record, the day it ended, a note.
public struct NewConditionEnd: Sendable, Hashable {
    public let conditionID: Int64
    public let endedOn: CalendarDate
    public let note: String?

    public init(condition: RecordID, on: CalendarDate, note: Note?) {
        conditionID = condition.value
        endedOn = on
        self.note = note?.text
    }
}
