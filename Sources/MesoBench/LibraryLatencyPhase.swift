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
            let request = try CheckRequest(patient: pick.mrn, formula: pick.formula, at: nil)
            _ = try check.measure { try checks.check(request) }
        }
        results.latencies.append(check.summary("pre-session check (CheckService.check)"))

        let sample = picker.next()
        let queries = CheckFactsLoader.queries(
            mrn: sample.mrn, formulaCode: sample.formula, at: Timestamp.now(), locking: false)
        for (index, query) in queries.enumerated() {
            results.plans.append(
                try explain(connection, query, name: "check facts \(index + 1) of \(queries.count)"))
        }
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
