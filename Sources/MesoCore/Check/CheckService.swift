import PostgresClient

/// A validated request for `meso check`.
public struct CheckRequest: Sendable, Hashable {
    public let mrn: MRN
    public let formulaCode: FormulaCode
    /// The time of the session; nil for now.
    public let at: Timestamp?
    /// The time the check judges: `at`, else the moment the request was made.
    public let sessionAt: Timestamp

    /// A check is run for a session about to take place, or one in a course planned ahead: a time
    /// further away than two years (a course's series and its year of maintenance fit in less) is a
    /// typing mistake, and a check so far ahead would judge expiries and intervals on a day that
    /// means nothing.
    public static let longestLookAheadDays = 731

    /// Checks that `at` is not further ahead of `now` than a check looks.
    public init(patient: MRN, formula: FormulaCode, at: Timestamp?, now: Timestamp = .now()) throws(MesoError) {
        mrn = patient
        formulaCode = formula
        self.at = try at.map { time throws(MesoError) in
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
            mrn: request.mrn.text, formulaCode: request.formulaCode.text, at: sessionAt, on: connection)
        return CheckOutcome(facts: facts, report: PreSessionCheck.run(facts, at: sessionAt))
    }
}
