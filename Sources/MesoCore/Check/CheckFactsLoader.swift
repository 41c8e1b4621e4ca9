import PostgresClient

/// Reads the facts of the pre-session check in one round trip: every statement goes out in one
/// libpq pipeline, inside one read-only snapshot when the caller has no transaction of its own.
///
/// `session record` sends the same fetch (`fetch(..., locking: true)`) in the first pipeline of its
/// own transaction, together with its own reads: the check is then re-run on the data as it stands
/// under the session's locks.
public enum CheckFactsLoader {
    public static func load(mrn: String, formulaCode: String, at sessionAt: Timestamp, on connection: PostgresConnection)
        throws -> CheckFacts
    {
        do {
            // Prepared: free for a one-shot `meso check` (the statements travel in the same round
            // trip), and a service checking again on the same connection is spared their parsing.
            return try connection.fetch(fetch(mrn: mrn, formulaCode: formulaCode, at: sessionAt, locking: false), prepared: true)
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }

    /// The statements that read the facts and their decoding. An unknown patient or formula is
    /// invalid input.
    ///
    /// With `locking`, the patient's row is locked first and then the formula's candidate lots
    /// (those not destroyed that hold anything), `FOR UPDATE` in ascending id: every session takes
    /// its locks in this one order, patient then lots, so two sessions never deadlock, and a lot's
    /// balance or a vial cannot change between the check that plans it and the draw. In READ COMMITTED
    /// each later statement reads after the locks were granted, so an allergy or a session committed
    /// meanwhile is seen (the patient's lock also orders two sessions of one patient, so the day's
    /// doses each checks include the other's), and the stock is read as it stands once locked
    /// (StockFacts).
    public static func fetch(mrn: String, formulaCode: String, at sessionAt: Timestamp, locking: Bool)
        -> Fetch<CheckFacts>
    {
        Fetch.all(
            PatientService.fetchRecord(mrn: mrn, locking: locking),
            FormulaService.fetchComposition(code: formulaCode, version: nil),
            Fetch.effect(StockFacts.lockQuery(formulaCode: formulaCode, locking: locking)),
            StockFacts.fetch(.formula(formulaCode), at: sessionAt),
            BleedingRiskFacts.fetch(mrn: mrn),
            fetchClinical(mrn: mrn, formulaCode: formulaCode, at: sessionAt)
        ).map { record, composition, _, lots, bleedingRisk, clinical in
            guard let record else { throw PatientService.unknown(mrn, field: "\(.patient)") }
            guard let composition else { throw MesoError.invalid("\(.formula)", "No formula has the code \(formulaCode).") }
            return CheckFacts(
                record: record, composition: composition, sessionDay: clinical.sessionDay,
                formulaSessions: clinical.formulaSessions, doseLimits: clinical.doseLimits,
                anaesthetics: clinical.anaesthetics, sameDayDoses: clinical.sameDayDoses, reactions: clinical.reactions,
                lots: lots, bleedingRisk: bleedingRisk)
        }
    }

    /// The latest version of the formula, whose components the limits and lots are read for.
    static func latestVersion(_ formulaCode: String) -> PostgresQuery {
        "(SELECT max(version) FROM formula_version WHERE formula_code = \(formulaCode))"
    }
}
