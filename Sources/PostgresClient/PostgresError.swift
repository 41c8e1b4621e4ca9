/// A failure reported by PostgreSQL, by libpq, or by this client while encoding or decoding.
///
/// `description` is safe to print or log: it never carries bound parameter values, the
/// server's `DETAIL` (which often quotes key values), or a password from the connection string.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The connection could not be opened (bad connection string, server down, authentication).
        case connectionFailed
        /// An open connection broke while a command was running.
        case connectionLost
        /// The server refused or failed a statement; `sqlState` says why.
        case server
        /// A value in a result did not fit the Swift type asked for.
        case decoding
        /// This client refused to send something (a NUL in a text parameter, a bad COPY row).
        case client
    }

    public var kind: Kind
    public var sqlState: SQLState?
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var table: String?
    public var column: String?
    /// The role the connection logged in as (or tried to), so that a refusal for lack of
    /// privilege can say whose privilege was lacking.
    public var user: String?
    /// The connection broke while COMMIT was on its way or its answer was: the server may have
    /// committed the transaction or not, and only reading the data again can tell.
    public var commitOutcomeUnknown = false

    public init(
        kind: Kind, sqlState: SQLState? = nil, message: String, detail: String? = nil,
        hint: String? = nil, constraint: String? = nil, table: String? = nil, column: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
        self.column = column
    }

    /// True for the failures a fresh attempt of the same transaction can cure.
    public var isRetryable: Bool {
        sqlState == .serializationFailure || sqlState == .deadlockDetected
    }

    /// True when the database could not be reached or went away, as opposed to refusing a statement.
    public var isUnreachable: Bool {
        switch kind {
        case .connectionFailed, .connectionLost: return true
        // 57014 is a cancelled statement (statement_timeout, a cancel request): the server is there.
        case .server: return sqlState?.errorClass == "08" || (sqlState?.errorClass == "57" && sqlState != .queryCanceled)
        case .decoding, .client: return false
        }
    }

    public var description: String {
        var text: String
        if let sqlState, sqlState.errorClass == "22" {
            // Data exceptions quote the offending input ("invalid input syntax for type numeric: ...").
            text = "invalid data (SQLSTATE \(sqlState.rawValue))"
            if let column { text += " in column \(column)" }
        } else {
            text = message
            if let sqlState { text += " (SQLSTATE \(sqlState.rawValue))" }
        }
        return text
    }
}

/// A five-character SQLSTATE code. The first two characters are its class
/// ("23" integrity constraint violation, "40" transaction rollback, ...).
public struct SQLState: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }

    public var errorClass: Substring { rawValue.prefix(2) }
    public var description: String { rawValue }

    public var isIntegrityConstraintViolation: Bool { errorClass == "23" }

    public static let uniqueViolation = SQLState("23505")
    public static let foreignKeyViolation = SQLState("23503")
    public static let notNullViolation = SQLState("23502")
    public static let checkViolation = SQLState("23514")
    public static let exclusionViolation = SQLState("23P01")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    public static let insufficientPrivilege = SQLState("42501")
    public static let undefinedTable = SQLState("42P01")
    public static let undefinedFunction = SQLState("42883")
    public static let undefinedColumn = SQLState("42703")
    public static let raiseException = SQLState("P0001")
    public static let queryCanceled = SQLState("57014")
    public static let lockNotAvailable = SQLState("55P03")
    public static let adminShutdown = SQLState("57P01")
    public static let cannotConnectNow = SQLState("57P03")
    public static let dataException = SQLState("22000")

}
