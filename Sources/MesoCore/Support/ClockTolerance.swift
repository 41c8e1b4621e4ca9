import PostgresClient

/// How far apart two clocks that record one event may be.
///
/// A time typed with `--at`, or left to default to now, is read on the client's clock; a lot's
/// received_at defaulted to the database server's clock. Machines in one clinic run a few seconds to
/// a few minutes apart, so a session recorded "now" right after a lot was received on another
/// machine could look as if it came first. Ten minutes absorbs that: a time that far in the future
/// is refused as a typing mistake, and a lot received less than that after a session's time is
/// treated as received before it (a vial cannot be in the clinic before it arrived, but the clocks
/// that say so cannot be trusted to the minute). Schema/0010 allows the same margin.
public enum ClockTolerance {
    public static let seconds: Int64 = 10 * 60

    /// Whether a time is in the past beyond the tolerance: a session recorded after the fact, whose
    /// lots are judged as they stood then (Schema/0010), not as they stand now.
    public static func isWellPast(_ time: Timestamp, now: Timestamp = .now()) -> Bool {
        time < now.adding(seconds: -seconds)
    }
}
