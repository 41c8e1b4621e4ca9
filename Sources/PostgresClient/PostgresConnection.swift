import CLibPQ

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One connection to PostgreSQL through libpq.
///
/// Not `Sendable`: libpq allows one command at a time on a connection, so a connection belongs
/// to one task or thread, which may hand it on but not share it.
public final class PostgresConnection {
    let handle: OpaquePointer
    var preparedStatements: [String: String] = [:]
    /// Numbers the statements prepared on this connection. A counter, not the dictionary's size:
    /// a pipeline that fails can leave some of its statements prepared and others not.
    var preparedStatementCount = 0
    /// Records every statement sent from now on when set (see `StatementLog`).
    public var statementLog: StatementLog?

    /// How many times this connection has waited for the server's answer: one per statement sent
    /// alone, one per pipeline, two per COPY. Lets tests and the benchmark prove how many round trips
    /// an operation costs.
    public internal(set) var roundTrips = 0

    /// How long connecting may take when neither the connection string nor `PGCONNECT_TIMEOUT` says.
    public static let defaultConnectTimeoutSeconds = 10

    /// Connects from a URL (`postgresql://user@host/db?...`) or a `key=value` string; an empty
    /// string leaves everything to libpq's environment (`PGHOST`, `PGDATABASE`, ...).
    ///
    /// The session is pinned to UTC, ISO dates and UTF-8 so that values read here do not depend
    /// on the server's or the user's settings.
    ///
    /// - Parameter sessionDefaults: settings sent at connect (`lock_timeout`, `statement_timeout`),
    ///   before the connection string's own `options` (else `PGOPTIONS`), which therefore win.
    public init(
        _ connectionString: String, applicationName: String = "meso", sessionDefaults: [(String, String)] = []
    ) throws(PostgresError) {
        let settings = try ConnectionSettings(parsing: connectionString)
        var keywords: [String] = []
        var values: [String] = []
        for (keyword, value) in settings.options where !["client_encoding", "options"].contains(keyword) {
            keywords.append(keyword)
            values.append(value)
        }
        if settings.value(of: "application_name") == nil {
            keywords.append("application_name")
            values.append(applicationName)
        }
        // A server that accepts the connection but never answers (a hung or stopped postmaster, a
        // half-open network path) would otherwise be waited for for ever.
        let timeout =
            settings.value(of: "connect_timeout").flatMap { Int($0) }
            ?? getenv("PGCONNECT_TIMEOUT").flatMap { Int(String(cString: $0)) } ?? Self.defaultConnectTimeoutSeconds
        keywords.append("client_encoding")
        values.append("UTF8")
        // libpq sends PGOPTIONS only when the connection names no options; these always do.
        let given = settings.value(of: "options") ?? getenv("PGOPTIONS").map { String(cString: $0) }
        keywords.append("options")
        values.append(
            (sessionDefaults.map { "-c \($0.0)=\($0.1)" } + [given].compactMap { $0 }
                + ["-c TimeZone=UTC -c DateStyle=ISO,YMD"])
                .joined(separator: " "))

        // Started without blocking so that notices are silenced before the server can send one: a
        // server shutting down warns a connection still starting up, and libpq would print that on
        // the CLI's stderr, which holds only its own error (one sentence, or one JSON object).
        let connection = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectStartParams(keywordPointers, valuePointers, 0)
            }
        }
        guard let connection else {
            throw PostgresError(kind: .connectionFailed, message: "libpq could not allocate a connection")
        }
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        let completed = Self.completeConnecting(connection, timeoutSeconds: timeout)
        guard completed, PQstatus(connection) == CONNECTION_OK else {
            let reason = completed ? Self.errorMessage(of: connection) : "timeout expired"
            let message = settings.redact(reason)
            var failure = PostgresError(kind: .connectionFailed, message: "could not connect to the database: \(message)")
            failure.user = PQuser(connection).map { String(cString: $0) }
            PQfinish(connection)
            throw failure
        }
        self.handle = connection
        try pinSessionSettings()
    }

    /// Drives `PQconnectPoll` until the connection is made or has failed, waiting on the socket as
    /// libpq asks; false when one wait outlasts `timeoutSeconds` (0 or less: no limit, as in libpq).
    private static func completeConnecting(_ connection: OpaquePointer, timeoutSeconds: Int) -> Bool {
        guard PQstatus(connection) != CONNECTION_BAD else { return true }
        var polling = PGRES_POLLING_WRITING
        while polling != PGRES_POLLING_OK && polling != PGRES_POLLING_FAILED {
            var descriptor = pollfd(
                fd: PQsocket(connection), events: Int16(polling == PGRES_POLLING_READING ? POLLIN : POLLOUT), revents: 0)
            let ready = poll(&descriptor, 1, timeoutSeconds > 0 ? Int32(timeoutSeconds * 1000) : -1)
            if ready < 0 && errno == EINTR { continue }
            if ready == 0 { return false }
            polling = PQconnectPoll(connection)
        }
        return true
    }

    /// The startup options ask for UTC and ISO dates, but libpq's PGTZ and PGDATESTYLE are sent
    /// after them and win. The server reports both settings at connect, so a SET (one more round
    /// trip) is needed only when the environment overrode them.
    private func pinSessionSettings() throws(PostgresError) {
        func reported(_ name: String) -> String {
            PQparameterStatus(handle, name).map { String(cString: $0) } ?? ""
        }
        var corrections: [String] = []
        if reported("TimeZone") != "UTC" { corrections.append("SET TimeZone = 'UTC'") }
        if reported("DateStyle") != "ISO, YMD" { corrections.append("SET DateStyle = 'ISO, YMD'") }
        if reported("IntervalStyle") != "postgres" { corrections.append("SET IntervalStyle = 'postgres'") }
        if !corrections.isEmpty { try execute(script: corrections.joined(separator: "; ")) }
    }

    deinit {
        PQfinish(handle)
    }

    /// The server's major version times 10000 plus its minor version (150018 for 15.18).
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// The role this connection authenticated as.
    public var user: String { PQuser(handle).map { String(cString: $0) } ?? "" }

    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR
    }

    /// Runs one statement with its parameters (`PQexecParams`, text format).
    @discardableResult
    public func query(_ query: PostgresQuery) throws(PostgresError) -> PostgresResult {
        try checkNoNul(query.bindings)
        roundTrips += 1
        statementLog?.record([query], pipelined: false, prepared: false)
        let result = withParameters(query.bindings) { count, types, values in
            PQexecParams(handle, query.sql, count, types, values, nil, nil, 0)
        }
        return try consume(result)
    }

    /// Runs one statement through a server-side prepared statement, preparing it on first use on
    /// this connection (`PQprepare` once, then `PQexecPrepared`): parsing and planning are paid once.
    @discardableResult
    public func preparedQuery(_ query: PostgresQuery) throws(PostgresError) -> PostgresResult {
        try checkNoNul(query.bindings)
        let name = try prepareIfNeeded(query)
        roundTrips += 1
        statementLog?.record([query], pipelined: false, prepared: true)
        let result = withParameters(query.bindings) { count, _, values in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        }
        return try consume(result)
    }

    /// Runs a script of statements without parameters (`PQexec`), such as a migration file.
    /// Returns the result of the last statement.
    @discardableResult
    public func execute(script sql: String) throws(PostgresError) -> PostgresResult {
        roundTrips += 1
        statementLog?.record([PostgresQuery(unsafeSQL: sql)], pipelined: false, prepared: false)
        return try consume(PQexec(handle, sql))
    }
}

extension Substring {
    func trimmingLeadingWhitespace() -> Substring {
        drop(while: { $0.isWhitespace })
    }
}

/// Calls `body` with a NULL-terminated array of C strings that live only for the call.
func withCStringArray<Result>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result)
    -> Result
{
    let copies = strings.map { strdup($0) }
    defer { copies.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
