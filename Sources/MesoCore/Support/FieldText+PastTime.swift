import PostgresClient

extension FieldText {
    /// What already happened is recorded when it happens or soon after, from notes; a time dated
    /// more than this far back is a mistyped year (2016 or 0026), and would reorder the history of
    /// the lots and patients it touches.
    public static let longestBackdatingDays: Int64 = 366

    /// The time of something that already happened (`--at` of a session or a receipt): ISO 8601,
    /// not ahead of `now` by more than the clock tolerance, not more than a year back.
    /// - Parameters:
    ///   - onceHappened: why a future time is refused, ending the sentence ("a session is recorded
    ///     once it has been performed").
    ///   - checkWhat: what to check when the time is too old ("the date of the session").
    public static func pastTime(
        _ text: String, field: String, now: Timestamp, onceHappened: String, checkWhat: String
    ) throws(MesoError) -> Timestamp {
        let time = try FieldText.time(text, field: field)
        guard time <= now.adding(seconds: ClockTolerance.seconds) else {
            throw .invalid(field, "\(field) \(time) is in the future: \(onceHappened).")
        }
        guard time >= now.adding(seconds: -longestBackdatingDays * 86_400) else {
            throw .invalid(field, "\(field) \(time) is more than a year ago: check \(checkWhat).")
        }
        return time
    }
}
