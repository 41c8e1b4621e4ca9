import PostgresClient

/// A validated request for `meso check`.
public struct CheckRequest: Sendable, Hashable {
    public let mrn: String
    public let formulaCode: String
    /// The time of the session; nil for now.
    public let at: Timestamp?
    /// The time the check judges: `at`, else the moment the request was made.
    public let sessionAt: Timestamp

    /// A check is run for a session about to take place, or one in a course planned ahead: a time
    /// further away than two years (a course's series and its year of maintenance fit in less) is a
    /// typing mistake, and a check so far ahead would judge expiries and intervals on a day that
    /// means nothing.
    public static let longestLookAheadDays = 731

    public init(patient: String, formula: String, at: String?, now: Timestamp = .now()) throws(MesoError) {
        mrn = try FieldText.mrn(patient, field: "\(.patient)")
        formulaCode = try FieldText.code(formula, field: "\(.formula)", upperCase: true)
        self.at = try at.map { text throws(MesoError) in
            let time = try FieldText.time(text, field: "\(.at)")
            guard time <= now.adding(seconds: Int64(Self.longestLookAheadDays) * 86_400) else {
                throw .invalid("\(.at)", "\(.at) \(time) is more than two years ahead: check the date of the session.")
            }
            return time
        }
        sessionAt = self.at ?? now
    }
}

/// The facts a check read and what it concluded from them.
public struct CheckOutcome: Sendable, Hashable {
    public let facts: CheckFacts
    public let report: CheckReport
}

/// Runs the pre-session check against the database: loads the facts in one round trip, then
/// applies the pure check. Writes nothing.
public struct CheckService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    public func check(_ request: CheckRequest) throws -> CheckOutcome {
        let sessionAt = request.sessionAt
        let facts = try CheckFactsLoader.load(
            mrn: request.mrn, formulaCode: request.formulaCode, at: sessionAt, on: connection)
        return CheckOutcome(facts: facts, report: PreSessionCheck.run(facts, at: sessionAt))
    }
}
