/// What a connection sent, in order, one entry per round trip: a statement sent alone, or every
/// statement of one pipeline. Set `PostgresConnection.statementLog` to start recording; nil (the
/// default) records nothing and costs one branch per round trip.
///
/// The benchmark uses it to replay exactly the SQL meso sends (with pgbench), and a test can use
/// it to see what an operation sent.
public final class StatementLog {
    /// One round trip: its statements with their bound values, and how they were sent.
    public struct Trip: Sendable, Hashable {
        public let statements: [PostgresQuery]
        /// Sent as a pipeline (with one sync at its end), not one statement alone.
        public let pipelined: Bool
        /// Sent through server-side prepared statements.
        public let prepared: Bool
    }

    public private(set) var trips: [Trip] = []

    public init() {}

    public func removeAll() {
        trips.removeAll()
    }

    func record(_ statements: [PostgresQuery], pipelined: Bool, prepared: Bool) {
        trips.append(Trip(statements: statements, pipelined: pipelined, prepared: prepared))
    }
}
