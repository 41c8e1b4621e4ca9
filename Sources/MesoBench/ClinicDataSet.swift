import Foundation
import MesoCore
import PostgresClient

/// The generated clinic as the timed phases use it: its catalog, the range of patients the check
/// lets receive every formula (the cohort), and the lot with the most usage (the worst `audit lot`).
struct ClinicDataSet: Sendable {
    let catalog: ClinicCatalog
    /// Patient ids of the cohort; each one's MRN is `PatientGenerator.mrnOffset + id`.
    let cohort: ClosedRange<Int64>
    let busiestLot: LotRef
    let busiestPatientMRN: String

    static func mrn(_ id: Int64) -> String { String(PatientGenerator.mrnOffset + id) }

    /// Generates the clinic, loads it with COPY, analyses it and proves it consistent with the
    /// audit's own verification; fills in `report`.
    static func build(
        database: BenchDatabase, scale: BenchScale, report: inout BenchResults.DataSet, log: (String) -> Void
    ) throws -> ClinicDataSet {
        let connection = try database.connect()
        let actor = try Actor("bench")
        let catalog = try ClinicCatalog.load(connection, actor: actor)
        let now = Timestamp.now()
        let windowStart = now.adding(seconds: -Int64(scale.historyDays) * 86_400)
        var random = SeededRandom(seed: 20_240_601)

        let generation = try Clock.time { () throws -> ([GeneratedPatient], ClinicHistory) in
            var patientRandom = random.split()
            let patients = PatientGenerator(catalog: catalog, now: now, windowStart: windowStart)
                .generate(count: scale.patients, random: &patientRandom)
            var scheduleRandom = random.split()
            var schedule = TreatmentSchedule.generate(
                patients: patients, catalog: catalog, now: now, windowStart: windowStart, random: &scheduleRandom)
            schedule = try TreatmentSchedule.thin(
                schedule, toSessions: scale.sessions, rows: scale.usageRows, catalog: catalog, random: &scheduleRandom)
            schedule.sort { ($0.recordedAt, $0.patient) < ($1.recordedAt, $1.patient) }
            var stockRandom = random.split()
            let history = try StockSimulation(catalog: catalog, scale: scale, now: now, windowStart: windowStart)
                .run(schedule, random: &stockRandom)
            return (patients, history)
        }
        let (patients, history) = generation.result
        report.generateSeconds = generation.seconds
        let cohortCount = patients.prefix { $0.inCohort }.count
        guard cohortCount > 0 else { throw BenchError("No generated patient may receive every formula.") }
        log(
            "generated \(Format.count(patients.count)) patients (\(Format.count(cohortCount)) in the cohort), \(Format.count(history.lots.count)) lots, \(Format.count(history.sessions.count)) sessions, \(Format.count(history.usage.count)) usage rows, \(Format.count(history.ledger.count)) ledger rows in \(Format.fixed(generation.seconds, 1)) s"
        )

        let progress = Progress(totals: [
            ("session", history.sessions.count), ("session_usage", history.usage.count),
            ("stock_movement", history.ledger.count),
        ])
        let loading = try Clock.time {
            try HistoryLoader(url: database.url, catalog: catalog, patients: patients, history: history, progress: progress)
                .load()
        }
        report.copySeconds = loading.seconds
        report.indexSeconds = loading.result.indexSeconds
        // VACUUM as well as ANALYZE: a history years old has long been vacuumed, so its visibility
        // map lets index-only scans (audit lot's) skip the heap, and no reader pays for hint bits.
        let analyze = try Clock.time { try connection.query("VACUUM (ANALYZE)") }
        report.vacuumAnalyzeSeconds = analyze.seconds
        let counts = loading.result.rows
        report.patients = counts["patient"] ?? 0
        report.cohortPatients = cohortCount
        report.lots = counts["lot"] ?? 0
        report.sessions = counts["session"] ?? 0
        report.usageRows = counts["session_usage"] ?? 0
        report.ledgerRows = counts["stock_movement"] ?? 0
        report.findings = counts["session_finding"] ?? 0
        report.usageRowsPerSecond = Double(report.usageRows) / max(loading.seconds, 1e-9)
        log(
            "loaded with COPY in \(Format.fixed(loading.seconds, 1)) s (\(Format.count(Int(report.usageRowsPerSecond))) usage rows/s; of it, indexes rebuilt in \(Format.fixed(report.indexSeconds, 1)) s), VACUUM ANALYZE \(Format.fixed(analyze.seconds, 1)) s"
        )
        try checkIdentities(connection, patients: patients, history: history)

        let verification = try Clock.time { try AuditService(connection: connection, actor: actor).verify() }
        let integrity = verification.result
        report.verifySeconds = verification.seconds
        report.verifyHolds = integrity.holds
        report.verifyDiscrepancies = integrity.discrepancies.prefix(20).map(\.message)
        report.verifyCounts = [
            "lots": integrity.lotsChecked, "movements": integrity.movementsChecked, "sessions": integrity.sessionsChecked,
            "guards": integrity.guardsChecked,
        ]
        log(
            "audit verify: \(integrity.holds ? "holds" : "FAILS with \(integrity.discrepancies.count) discrepancies") (\(Format.count(integrity.lotsChecked)) lots, \(Format.count(integrity.movementsChecked)) movements, \(Format.count(integrity.sessionsChecked)) sessions, \(integrity.guardsChecked) guards) in \(Format.fixed(verification.seconds, 1)) s"
        )
        for discrepancy in integrity.discrepancies.prefix(5) { log("  \(discrepancy.message)") }

        let busiest = try connection.query(
            """
            SELECT l.product_code, l.lot_number FROM session_usage u JOIN lot l ON l.id = u.lot_id
             GROUP BY l.id ORDER BY count(*) DESC, l.id LIMIT 1
            """
        ).first
        let patient = try connection.query(
            "SELECT p.mrn FROM session_usage u JOIN patient p ON p.id = u.patient_id GROUP BY p.id ORDER BY count(*) DESC, p.id LIMIT 1"
        ).first
        return ClinicDataSet(
            catalog: catalog, cohort: PatientGenerator.firstID...(PatientGenerator.firstID + Int64(cohortCount) - 1),
            busiestLot: LotRef(
                product: try ProductCode(try busiest?.decode("product_code") ?? "", field: .product),
                lot: try LotNumber(try busiest?.decode("lot_number") ?? "", field: .lot)),
            busiestPatientMRN: try patient?.decode("mrn") ?? "")
    }

    /// Every table was loaded into fresh identity sequences in the generator's order, so ids are the
    /// positions the generated rows refer to each other by; this proves it rather than trusting it.
    private static func checkIdentities(_ connection: PostgresConnection, patients: [GeneratedPatient], history: ClinicHistory)
        throws
    {
        let expected: [(table: String, first: Int64, count: Int)] = [
            ("lot", 1, history.lots.count), ("session", 1, history.sessions.count),
            ("stock_movement", 1, history.ledger.count), ("session_usage", 1, history.usage.count),
        ]
        for (table, first, count) in expected {
            let row = try connection.query(
                "SELECT coalesce(min(id), 0) AS first, coalesce(max(id), 0) AS last, count(*) AS n FROM \(identifier: table)"
            ).first!
            let (low, high, rows): (Int64, Int64, Int) = (try row.decode("first"), try row.decode("last"), try row.decode("n"))
            guard rows == count, count == 0 || (low == first && high == first + Int64(count) - 1) else {
                throw BenchError("\(table) holds ids \(low)...\(high) (\(rows) rows) where the generator numbered 1...\(count).")
            }
        }
        let mismatched = try connection.query(
            "SELECT count(*) AS n FROM patient WHERE id >= \(PatientGenerator.firstID) AND mrn <> (id + \(PatientGenerator.mrnOffset))::text"
        ).first!.decode("n", as: Int.self)
        let loaded = try connection.query("SELECT count(*) AS n FROM patient WHERE id >= \(PatientGenerator.firstID)").first!
            .decode("n", as: Int.self)
        guard mismatched == 0, loaded == patients.count else {
            throw BenchError("The generated patients did not receive the ids their MRNs were made from.")
        }
    }
}
