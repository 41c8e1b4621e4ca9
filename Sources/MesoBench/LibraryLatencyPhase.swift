import Foundation
import MesoCore
import PostgresClient

/// Step 3: the read paths as library calls on one warm connection, each over many calls with
/// random arguments (p50, p99), and the plans PostgreSQL chose for their statements.
struct LibraryLatencyPhase {
    let database: BenchDatabase
    let dataSet: ClinicDataSet
    let scale: BenchScale

    func run(into results: inout BenchResults) throws {
        let connection = try database.connect()
        let actor = try Actor("bench")
        var picker = SessionPicker(
            cohort: dataSet.cohort, formulas: dataSet.catalog.formulas.map(\.code), random: SeededRandom(seed: 7))

        // The pre-session check: one read pipeline in one snapshot, then the pure rules.
        let checks = CheckService(connection: connection, actor: actor)
        var check = LatencySample()
        for _ in 0..<scale.latencyCalls {
            let pick = picker.next()
            let request = try CheckRequest(
                patient: try MRN(pick.mrn, field: .patient), formula: try FormulaCode(pick.formula, field: .formula), at: nil)
            _ = try check.measure { try checks.check(request) }
        }
        results.latencies.append(check.summary("pre-session check (CheckService.check)"))

        try measureAudit(connection, actor: actor, into: &results)

        let sample = picker.next()
        let queries = CheckFactsLoader.fetch(
            mrn: sample.mrn, formulaCode: sample.formula, at: Timestamp.now(), locking: false
        ).queries
        for (index, query) in queries.enumerated() {
            results.plans.append(
                try explain(connection, query, name: "check facts \(index + 1) of \(queries.count)"))
        }
    }

    /// `audit lot` and `audit patient` as the auditor runs them: random lots that reached a patient
    /// and random patients who received a lot (so p50 is the typical trace), then the busiest lot
    /// and patient of the history on their own, the worst cases; with the plans of both statements.
    private func measureAudit(_ connection: PostgresConnection, actor: Actor, into results: inout BenchResults) throws {
        let audit = AuditService(connection: connection, actor: actor)
        let lots = try connection.query(
            """
            SELECT l.product_code, l.lot_number FROM lot l
             WHERE EXISTS (SELECT FROM session_usage u WHERE u.lot_id = l.id) ORDER BY l.id
            """
        ).rows.map {
            LotRef(
                product: try ProductCode(try $0.decode("product_code"), field: .product),
                lot: try LotNumber(try $0.decode("lot_number"), field: .lot))
        }
        let patients = try connection.query(
            "SELECT p.mrn FROM patient p WHERE EXISTS (SELECT FROM session_usage u WHERE u.patient_id = p.id) ORDER BY p.id"
        ).rows.map { try $0.decode("mrn", as: String.self) }
        guard !lots.isEmpty, !patients.isEmpty else { return }
        var random = SeededRandom(seed: 11)

        var lotTrace = LatencySample()
        var sessions = 0
        for _ in 0..<scale.latencyCalls {
            let lot = lots.randomElement(using: &random)!
            sessions += try lotTrace.measure { try audit.lot(lot) }.uses.count
        }
        results.latencies.append(
            lotTrace.summary(
                "audit lot (AuditService.lot)",
                note: "random lots among the \(lots.count) that reached a patient; \(sessions / scale.latencyCalls) uses each on average"))
        var busiestLot = LatencySample()
        var busiestUses = 0
        for _ in 0..<max(10, scale.latencyCalls / 10) {
            busiestUses = try busiestLot.measure { try audit.lot(dataSet.busiestLot) }.uses.count
        }
        results.latencies.append(
            busiestLot.summary("audit lot, the busiest lot", note: "\(dataSet.busiestLot): \(busiestUses) uses"))

        var patientTrace = LatencySample()
        for _ in 0..<scale.latencyCalls {
            let mrn = patients.randomElement(using: &random)!
            _ = try patientTrace.measure { try audit.patient(mrn: try MRN(mrn, field: .patient)) }
        }
        results.latencies.append(
            patientTrace.summary("audit patient (AuditService.patient)", note: "random patients among the \(patients.count) treated"))
        var busiestPatient = LatencySample()
        var busiestPatientUses = 0
        for _ in 0..<max(10, scale.latencyCalls / 10) {
            busiestPatientUses = try busiestPatient.measure { try audit.patient(mrn: try MRN(dataSet.busiestPatientMRN, field: .patient)) }.uses.count
        }
        results.latencies.append(
            busiestPatient.summary(
                "audit patient, the busiest patient", note: "\(dataSet.busiestPatientMRN): \(busiestPatientUses) lot uses"))

        let typicalLot = lots[lots.count / 2]
        for (lot, name) in [(typicalLot, "\(typicalLot)"), (dataSet.busiestLot, "\(dataSet.busiestLot) (the busiest)")] {
            let statements = AuditService.fetchLotTrace(lot).queries
            for (index, statement) in statements.enumerated() {
                results.plans.append(
                    try explain(connection, statement, name: "audit lot, \(name), statement \(index + 1) of \(statements.count)"))
            }
        }
        results.plans.append(
            try explain(
                connection, AuditService.patientHistoryQuery(mrn: dataSet.busiestPatientMRN),
                name: "audit patient \(dataSet.busiestPatientMRN) (the busiest)"))
    }

    /// `EXPLAIN (ANALYZE, BUFFERS)` of a statement with its bound values.
    func explain(_ connection: PostgresConnection, _ query: PostgresQuery, name: String) throws -> BenchResults.Plan {
        let rows = try connection.query(
            PostgresQuery(unsafeSQL: "EXPLAIN (ANALYZE, BUFFERS) " + query.sql, bindings: query.bindings)
        ).rows
        return BenchResults.Plan(
            name: name, statement: query.sql, plan: try rows.map { try $0.decode("QUERY PLAN", as: String.self) })
    }
}
