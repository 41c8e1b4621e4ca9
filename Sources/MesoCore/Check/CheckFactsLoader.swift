import PostgresClient

/// Reads the facts of the pre-session check in one round trip: every statement goes out in one
/// libpq pipeline, inside one read-only snapshot when the caller has no transaction of its own.
///
/// `session record` sends the same statements (`queries(..., locking: true)`) in the first pipeline
/// of its own transaction, together with its own, and decodes them with `facts(from:)`: the check
/// is then re-run on the data as it stands under the session's locks.
public enum CheckFactsLoader {
    /// How many statements `queries` returns, and so how many results `facts(from:)` reads.
    public static let queryCount = 10

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
    /// With `locking`, the first statement locks the patient's row and the last the formula's
    /// candidate lots (those not destroyed that hold anything), `FOR UPDATE` in ascending id: every
    /// session takes its locks in this one order, patient then lots, so two sessions never deadlock,
    /// and a lot's balance cannot change between the check that plans it and the draw. In READ
    /// COMMITTED each later statement reads after the locks were granted, so an allergy or a session
    /// committed meanwhile is seen; the locked lots are returned as they are once locked.
    public static func queries(mrn: String, formulaCode: String, at sessionAt: Timestamp, locking: Bool)
        -> [PostgresQuery]
    {
        PatientService.recordQueries(mrn: mrn, locking: locking)
            + FormulaService.compositionQueries(code: formulaCode, version: nil)
            + [
                lastSessionQuery(mrn: mrn, formulaCode: formulaCode, at: sessionAt),
                doseLimitsQuery(formulaCode: formulaCode),
                lotsQuery(formulaCode: formulaCode, at: sessionAt, locking: locking),
            ]
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
            let lastSession = try results[first + 7].first.map { row in
                PriorSession(
                    id: try row.decode("id"), formulaVersion: try row.decode("formula_version"),
                    performedAt: try row.decode("performed_at"))
            }
            let limits = try results[first + 8].rows.map { row in
                DoseLimit(
                    compoundCode: try row.decode("compound_code"), mgPerKG: try row.decode("mg_per_kg"),
                    maxMG: try row.decode("max_mg"), withCompound: try row.decode("with_compound"))
            }
            let lots = try results[first + 9].rows.map(StockLot.init(row:))
            return CheckFacts(
                record: record, composition: composition, lastSession: lastSession, doseLimits: limits, lots: lots)
        }
    }

    /// The latest version of the formula, whose components the limits and lots are read for.
    private static func latestVersion(_ formulaCode: String) -> PostgresQuery {
        "(SELECT max(version) FROM formula_version WHERE formula_code = \(formulaCode))"
    }

    private static func lastSessionQuery(mrn: String, formulaCode: String, at sessionAt: Timestamp) -> PostgresQuery {
        """
        SELECT s.id, s.formula_version, s.performed_at
          FROM session s JOIN patient p ON p.id = s.patient_id
         WHERE p.mrn = \(mrn) AND s.formula_code = \(formulaCode) AND s.status = 'performed'
           AND s.performed_at <= \(sessionAt)
         ORDER BY s.performed_at DESC LIMIT 1
        """
    }

    private static func doseLimitsQuery(formulaCode: String) -> PostgresQuery {
        """
        SELECT DISTINCT d.compound_code, d.mg_per_kg, d.max_mg, d.with_compound
          FROM dose_limit d
          JOIN product_ingredient i ON i.compound_code = d.compound_code
          JOIN formula_component c ON c.product_code = i.product_code
         WHERE c.formula_code = \(formulaCode) AND c.version = \(latestVersion(formulaCode))
         ORDER BY d.compound_code, d.with_compound
        """
    }

    /// Lots that hold something and are not destroyed; the planner judges the rest (status, expiry,
    /// receipt). In id order, which is the lock order when `locking` (the planner sorts them its own way):
    /// the lots are then locked through `meso_lock_lots` (Schema/0012: no role may lock lot rows
    /// itself) and read as they are once locked. The status is the one the plan judges a session at
    /// `sessionAt` by (`StockLot.judgedStatusColumn`).
    private static func lotsQuery(formulaCode: String, at sessionAt: Timestamp, locking: Bool) -> PostgresQuery {
        let candidates: PostgresQuery = """
            lot l JOIN formula_component c ON c.product_code = l.product_code
             WHERE c.formula_code = \(formulaCode) AND c.version = \(latestVersion(formulaCode))
               AND l.status <> 'destroyed' AND l.on_hand_ml > 0
            """
        let source: PostgresQuery =
            locking
            ? "public.meso_lock_lots(ARRAY(SELECT l.id FROM " + candidates
                + ")) l WHERE l.status <> 'destroyed' AND l.on_hand_ml > 0"
            : candidates
        return """
            SELECT l.id, l.product_code, l.lot_number, l.expiry,
                   \(StockLot.judgedStatusColumn(at: sessionAt, releasedNowToo: true)), l.on_hand_ml, l.received_at
              FROM \(source)
             ORDER BY l.id
            """
    }
}
