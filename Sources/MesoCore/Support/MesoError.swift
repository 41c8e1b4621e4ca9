import PostgresClient

/// A failure the pharmacist, practitioner or auditor can act on: one sentence naming the field
/// or the rule, and a kind that the CLI turns into its exit code.
public struct MesoError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The command was given in a form it does not take (an unknown word where a fixed one is
        /// expected); nothing was written.
        case usage
        /// A value is malformed, out of range, unknown or conflicts with what is stored; nothing was written.
        case invalidInput = "invalid_input"
        /// A safety or stock rule refused the action.
        case refused
        /// The database could not be reached.
        case unavailable
        /// Another transaction held what this needed for longer than meso waits (lock_timeout), or a
        /// statement ran longer than it waits (statement_timeout); nothing was written: try again.
        case busy
        /// The database refused the action for lack of privilege.
        case permissionDenied = "permission_denied"
        /// Something that should not happen did; the message says what.
        case `internal`
    }

    public var kind: Kind
    /// The sentence; it names inputs by their `Field` key, which whoever shows it words.
    public var sentence: Message
    /// The input the sentence is about (`Field.expiry`, the argument `lot`), when there is one.
    public var subject: Message?
    /// The SQLSTATE of the database failure this reports, when it reports one.
    public var sqlState: SQLState?

    public init(_ kind: Kind, _ sentence: Message, field: Message? = nil) {
        self.kind = kind
        self.sentence = sentence
        self.subject = field
    }

    public static func invalid(_ field: Message, _ sentence: Message) -> MesoError {
        MesoError(.invalidInput, sentence, field: field)
    }

    public static func refused(_ sentence: Message) -> MesoError {
        MesoError(.refused, sentence)
    }

    /// The sentence with each field named by `name`.
    public func message(naming name: (Field) -> String) -> String {
        sentence.rendered(naming: name)
    }

    /// The subject with each field named by `name`.
    public func field(naming name: (Field) -> String) -> String? {
        subject?.rendered(naming: name)
    }

    /// The sentence, each field named by its key.
    public var description: String { message(naming: Field.byKey) }
}

extension MesoError {
    /// The general translation of a database failure. Services first translate the failures they
    /// expect (a duplicate lot number, an unknown product) into sentences of their own.
    public init(_ error: PostgresError) {
        if let refusal = PrivilegeRefusal.login(error) {
            self = refusal
        } else if error.sqlState == .lockNotAvailable || error.sqlState == .queryCanceled {
            self.init(
                .busy,
                error.sqlState == .lockNotAvailable
                    ? "The database is busy: another transaction has held what this needs for longer than meso waits; nothing was written, try again."
                    : "The database is busy: a statement took longer than meso waits for one; nothing was written, try again.")
        } else if error.isUnreachable && error.commitOutcomeUnknown {
            // Repeating a session or a receipt that did commit would record it twice.
            self.init(
                .unavailable,
                "The database became unreachable while the change was being committed, so it may or may not have been recorded: look it up (list or show) before doing it again (\(error.message)).")
        } else if error.isUnreachable {
            // libpq's own text can end in a question ("...accepting connections on that socket?").
            self.init(.unavailable, "The database is unreachable (\(error.message)).")
        } else if error.sqlState == .insufficientPrivilege {
            self = PrivilegeRefusal.statement(error)
        } else if let state = error.sqlState, state.errorClass == "MS" {
            // Rules enforced by meso's own triggers (Schema/0001_init.sql) speak in full sentences;
            // an unusable lot drawn for a session and a stock rule are refusals, the others refuse bad input.
            self.init([.unusableLot, .stockRuleRefused].contains(state) ? .refused : .invalidInput, Message(error.message))
        } else if let state = error.sqlState, state.isIntegrityConstraintViolation {
            let name = error.constraint.map { " (\($0))" } ?? ""
            self.init(.invalidInput, "The database refused the change: a rule on stored data was broken\(name).")
        } else {
            self.init(.internal, "Database error: \(error.description)")
            sqlState = error.sqlState
        }
    }

    /// Runs `body`, turning any `PostgresError` it throws into a `MesoError`.
    public static func translating<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }
}
