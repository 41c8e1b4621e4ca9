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
        try retrying(maxAttempts: maxAttempts) {
            try query(PostgresQuery(unsafeSQL: Self.begin(isolation, readOnly: readOnly)))
            let value = try body(self)
            let commit = try Self.committing { () throws(PostgresError) in try query("COMMIT") }
            try Self.requireCommitted(commit)
            return value
        }
    }

    /// A transaction sent as pipelines (`pipeline`): BEGIN travels with the first batch of
    /// statements and COMMIT with the last, so a transaction of two batches costs two round trips
    /// instead of four. Rolls back on any error and retries 40001/40P01 like `transaction`; `body`
    /// must end with `commit(with:)` (else the helper commits, one round trip more).
    public func pipelinedTransaction<Result>(
        isolation: IsolationLevel = .readCommitted,
        prepared: Bool = false,
        maxAttempts: Int = 8,
        _ body: (inout TransactionPipeline) throws -> Result
    ) throws -> Result {
        try retrying(maxAttempts: maxAttempts) {
            var transaction = TransactionPipeline(
                connection: self, begin: PostgresQuery(unsafeSQL: Self.begin(isolation, readOnly: false)),
                prepared: prepared)
            let value = try body(&transaction)
            if !transaction.isCommitted { _ = try transaction.commit(with: []) }
            return value
        }
    }

    /// Runs `body` until it succeeds, fails for good, or has been tried `maxAttempts` times; a failed
    /// attempt's open transaction is rolled back before the next.
    private func retrying<Result>(maxAttempts: Int, _ body: () throws -> Result) throws -> Result {
        precondition(maxAttempts >= 1)
        var attempt = 1
        while true {
            do {
                return try body()
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

    static func begin(_ isolation: IsolationLevel, readOnly: Bool) -> String {
        "BEGIN ISOLATION LEVEL \(isolation.rawValue)\(readOnly ? " READ ONLY" : "")"
    }

    /// Sends a COMMIT: a connection lost on the way leaves the transaction's fate unknown, which
    /// the error says so that nobody repeats a change that may have been made.
    static func committing<Result>(_ send: () throws(PostgresError) -> Result) throws(PostgresError) -> Result {
        do {
            return try send()
        } catch var error where error.isUnreachable {
            error.commitOutcomeUnknown = true
            throw error
        }
    }

    /// COMMIT of a transaction that already failed answers ROLLBACK instead of an error, which
    /// happens when a caller caught and swallowed a database error.
    static func requireCommitted(_ commit: PostgresResult) throws(PostgresError) {
        guard commit.commandTag == "COMMIT" else {
            throw PostgresError(kind: .client, message: "the transaction was rolled back because a statement in it failed")
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

/// The open transaction of `pipelinedTransaction`: each `send` is one pipeline (one round trip).
public struct TransactionPipeline {
    let connection: PostgresConnection
    let begin: PostgresQuery
    let prepared: Bool
    private var isOpen = false
    public private(set) var isCommitted = false

    init(connection: PostgresConnection, begin: PostgresQuery, prepared: Bool) {
        self.connection = connection
        self.begin = begin
        self.prepared = prepared
    }

    /// Sends `queries` in one pipeline, opening the transaction with them the first time; returns
    /// their results (without BEGIN's).
    public mutating func send(_ queries: [PostgresQuery]) throws(PostgresError) -> [PostgresResult] {
        precondition(!isCommitted, "the transaction has already been committed")
        let opening = !isOpen
        isOpen = true
        let results = try connection.pipeline(opening ? [begin] + queries : queries, prepared: prepared)
        return opening ? Array(results.dropFirst()) : results
    }

    /// Sends `queries` and COMMIT in one pipeline: the transaction's last round trip. Returns the
    /// results of `queries`.
    @discardableResult
    public mutating func commit(with queries: [PostgresQuery]) throws(PostgresError) -> [PostgresResult] {
        guard isOpen || !queries.isEmpty else {
            isCommitted = true
            return []
        }
        var results = try PostgresConnection.committing { () throws(PostgresError) in try send(queries + ["COMMIT"]) }
        isCommitted = true
        try PostgresConnection.requireCommitted(results.removeLast())
        return results
    }
}
