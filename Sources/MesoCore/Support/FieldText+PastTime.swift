import PostgresClient

extension FieldText {
    /// What already happened is recorded when it happens or soon after, from notes; a time dated
    /// more than this far back is a mistyped year (2016 or 0026), and would reorder the history of
    /// the lots and patients it touches.
    public static let longestBackdatingDays: Int64 = 366

    /// The time of something that already happened (`Field.at` of a session or a receipt), not
    /// more than a year back. Whether it is ahead of now is judged by the database on its own clock,
    /// within the clock tolerance (`futureTime`), where the session or the receipt is written.
    /// - Parameter checkWhat: what to check when the time is too old ("the date of the session").
    public static func pastTime(_ time: Timestamp, field: Message, now: Timestamp, checkWhat: String) throws(MesoError)
        -> Timestamp
    {
        guard time >= now.adding(seconds: -longestBackdatingDays * 86_400) else {
            throw .invalid(field, "\(field) \(time) is more than a year ago: check \(checkWhat).")
        }
        return time
    }

    /// The refusal of a time the database found ahead of its clock by more than the clock tolerance
    /// (Schema/0015, meso_clock_tolerance). `onceHappened` ends the sentence ("a session is recorded
    /// once it has been performed").
    public static func futureTime(_ time: Timestamp, field: Message, onceHappened: String) -> MesoError {
        .invalid(field, "\(field) \(time) is in the future: \(onceHappened).")
    }
}
