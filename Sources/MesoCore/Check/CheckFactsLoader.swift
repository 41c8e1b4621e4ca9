import PostgresClient

/// Reads the facts of the pre-session check in one round trip: every statement goes out in one
/// libpq pipeline, inside one read-only snapshot when the caller has no transaction of its own
/// (`session record` calls this inside its transaction and so sees the data it will write against).
public enum CheckFactsLoader {
    public static func load(mrn: String, formulaCode: String, at sessionAt: Timestamp, on connection: PostgresConnection)
        throws -> CheckFacts
    {
        let ownSnapshot = !connection.isInTransaction
        var queries: [PostgresQuery] = []
        if ownSnapshot { queries.append("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") }
        let first = queries.count
        queries += PatientService.recordQueries(mrn: mrn)
        queries += FormulaService.compositionQueries(code: formulaCode, version: nil)
        queries += [lastSessionQuery(mrn: mrn, formulaCode: formulaCode, at: sessionAt), doseLimitsQuery(formulaCode: formulaCode), lotsQuery(formulaCode: formulaCode)]
        if ownSnapshot { queries.append("COMMIT") }

        let results: [PostgresResult]
        do {
            results = try connection.pipeline(queries)
        } catch {
            // A failure inside the pipeline leaves our BEGIN's transaction open and aborted.
            if ownSnapshot && connection.isInTransaction { _ = try? connection.query("ROLLBACK") }
            throw MesoError(error)
        }
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
            let lots = try results[first + 9].rows.map { row in
                StockLot(
                    id: try row.decode("id"), productCode: try row.decode("product_code"),
                    lotNumber: try row.decode("lot_number"), expiry: try row.decode("expiry"),
                    status: try row.decodeEnum("status"), onHandML: try row.decode("on_hand_ml"))
            }
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

    /// Lots that hold something and are not destroyed; the planner judges the rest (status, expiry).
    private static func lotsQuery(formulaCode: String) -> PostgresQuery {
        """
        SELECT l.id, l.product_code, l.lot_number, l.expiry, l.status, l.on_hand_ml
          FROM lot l JOIN formula_component c ON c.product_code = l.product_code
         WHERE c.formula_code = \(formulaCode) AND c.version = \(latestVersion(formulaCode))
           AND l.status <> 'destroyed' AND l.on_hand_ml > 0
         ORDER BY l.product_code, l.expiry, l.id
        """
    }
}
