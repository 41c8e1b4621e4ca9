import PostgresClient

/// Reads the facts of the pre-session check in one round trip: every statement goes out in one
/// libpq pipeline, inside one read-only snapshot when the caller has no transaction of its own.
///
/// `session record` sends the same statements (`queries(..., locking: true)`) in the first pipeline
/// of its own transaction, together with its own, and decodes them with `facts(from:)`: the check
/// is then re-run on the data as it stands under the session's locks.
public enum CheckFactsLoader {
    /// How many statements `queries` returns, and so how many results `facts(from:)` reads.
    public static let queryCount = 10 + clinicalQueryCount

    public static func load(mrn: String, formulaCode: String, at sessionAt: Timestamp, on connection: PostgresConnection)
        throws -> CheckFacts
    {
        let results: [PostgresResult]
        do {
            // Prepared: free for a one-shot `meso check` (the statements travel in the same round
            // trip), and a service checking again on the same connection is spared their parsing.
            results = try connection.snapshotPipeline(
                queries(mrn: mrn, formulaCode: formulaCode, at: sessionAt, locking: false), prepared: true)
        } catch {
            throw MesoError(error)
        }
        return try facts(from: results[...], mrn: mrn, formulaCode: formulaCode)
    }

    /// The statements that read the facts, in the order `facts(from:)` decodes them.
    ///
    /// With `locking`, the first statement locks the patient's row and the eighth the formula's
    /// candidate lots (those not destroyed that hold anything), `FOR UPDATE` in ascending id: every
    /// session takes its locks in this one order, patient then lots, so two sessions never deadlock,
    /// and a lot's balance or a vial cannot change between the check that plans it and the draw. In READ
    /// COMMITTED each later statement reads after the locks were granted, so an allergy or a session
    /// committed meanwhile is seen (the patient's lock also orders two sessions of one patient, so the
    /// day's doses each checks include the other's), and the ninth reads the locked lots and their open
    /// vials as they stand once locked (StockFacts).
    public static func queries(mrn: String, formulaCode: String, at sessionAt: Timestamp, locking: Bool)
        -> [PostgresQuery]
    {
        PatientService.recordQueries(mrn: mrn, locking: locking)
            + FormulaService.compositionQueries(code: formulaCode, version: nil)
            + [
                StockFacts.lockQuery(formulaCode: formulaCode, locking: locking),
                StockFacts.query(.formula(formulaCode), at: sessionAt),
                BleedingRiskFacts.query(mrn: mrn),
            ]
            + clinicalQueries(mrn: mrn, formulaCode: formulaCode, at: sessionAt)
    }

    /// Decodes the answers to `queries`. An unknown patient or formula is invalid input.
    public static func facts(from results: ArraySlice<PostgresResult>, mrn: String, formulaCode: String) throws
        -> CheckFacts
    {
        let first = results.startIndex
        return try MesoError.translating {
            let patientResults = results[first..<(first + 4)]
            let formulaResults = results[(first + 4)..<(first + 7)]
            guard let record = try PatientService.record(from: patientResults) else {
                throw PatientService.unknown(mrn, field: "--patient")
            }
            guard let composition = try FormulaService.composition(from: formulaResults) else {
                throw MesoError.invalid("--formula", "No formula has the code \(formulaCode).")
            }
            let lots = try StockFacts.lots(from: results[first + 8])
            let bleedingRisk = try BleedingRiskFacts(from: results[first + 9])
            return try clinicalFacts(
                from: results[(first + 10)..<(first + queryCount)], record: record, composition: composition, lots: lots,
                bleedingRisk: bleedingRisk)
        }
    }

    /// The latest version of the formula, whose components the limits and lots are read for.
    static func latestVersion(_ formulaCode: String) -> PostgresQuery {
        "(SELECT max(version) FROM formula_version WHERE formula_code = \(formulaCode))"
    }
}
