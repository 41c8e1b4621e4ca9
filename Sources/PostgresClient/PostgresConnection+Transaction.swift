#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

public enum IsolationLevel: String, Sendable {
    case readCommitted = "READ COMMITTED"
    case repeatableRead = "REPEATABLE READ"
    case serializable = "SERIALIZABLE"
}

extension PostgresConnection {
    /// Runs `body` inside one transaction. Any error thrown by `body` rolls everything back;
    /// a serialization failure or deadlock (40001, 40P01) runs `body` again from the start, up to
    /// `maxAttempts` times in all, after a short randomised pause. `body` must therefore do
    /// nothing outside the database that cannot be repeated.
    public func transaction<Result>(
        isolation: IsolationLevel = .readCommitted,
        readOnly: Bool = false,
        maxAttempts: Int = 8,
        _ body: (PostgresConnection) throws -> Result
    ) throws -> Result {
        precondition(maxAttempts >= 1)
        var attempt = 1
        while true {
            do {
                try query(PostgresQuery(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")"))
                let value = try body(self)
                let commit = try query("COMMIT")
                // COMMIT of a transaction that already failed answers ROLLBACK instead of an error,
                // which happens when body caught and swallowed a database error.
                guard commit.commandTag == "COMMIT" else {
                    throw PostgresError(
                        kind: .client, message: "the transaction was rolled back because a statement in it failed")
                }
                return value
            } catch {
                rollbackQuietly()
                guard let failure = error as? PostgresError, failure.isRetryable, attempt < maxAttempts else {
                    throw error
                }
                attempt += 1
                Self.pauseBeforeRetry(attempt: attempt)
            }
        }
    }

    /// Ends a failed transaction; on a broken connection there is nothing left to roll back.
    func rollbackQuietly() {
        guard isInTransaction else { return }
        _ = try? query("ROLLBACK")
    }

    /// Exponential backoff with full jitter, capped at about 50 ms, so that colliding
    /// transactions do not collide again in lockstep.
    static func pauseBeforeRetry(attempt: Int) {
        let ceiling = min(50_000, 500 << min(attempt, 7))
        usleep(useconds_t(Int.random(in: 0...ceiling)))
    }
}
