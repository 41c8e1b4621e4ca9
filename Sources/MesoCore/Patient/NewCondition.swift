import PostgresClient

/// A validated condition record.
public struct NewCondition: Sendable, Hashable {
    public let mrn: MRN
    public let kind: ConditionKind
    public let onset: CalendarDate?
    public let note: String?

    /// - Parameter today: a condition is recorded once it has begun (an operation once it has taken
    ///   place), so a later `Field.on` is a mistyped date; a facial surgery dated in the future would
    ///   also escape the 4-month rule, which counts back from the session.
    public init(mrn: MRN, kind: ConditionKind, onset: CalendarDate?, note: Note?, today: CalendarDate = Timestamp.now().utcDate)
        throws(MesoError)
    {
        self.mrn = mrn
        self.kind = kind
        self.onset = try onset.map { date throws(MesoError) in
            guard date >= CalendarDate(year: 1900, month: 1, day: 1)! else {
                throw .invalid("\(.on)", "\(.on) must be 1900-01-01 or later.")
            }
            guard date <= today else {
                throw .invalid("\(.on)", "\(.on) \(date) is after today: record a condition once it has begun, an operation once it has taken place.")
            }
            return date
        }
        if self.kind == .facialSurgery && self.onset == nil {
            throw .invalid("\(.on)", "\(.on) is required for facial-surgery: the 4-month rule counts from the operation's date.")
        }
        self.note = note?.text
    }
}
