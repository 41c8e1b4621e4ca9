import MesoCore
import PostgresClient

/// One session recorded through MesoCore with the statement log on: exactly what it sent, round
/// trip by round trip, with the values bound, and the record it returned.
struct CapturedSession {
    let kind: SessionKind
    let patientID: Int64
    let mrn: String
    let trips: [StatementLog.Trip]
    let record: SessionRecord
}

/// Records sessions (untimed) and keeps, for the pgbench scripts, the most frequent kinds of each
/// formula: the SQL meso sends differs by formula and by the number of findings. At most two per
/// formula (the most frequent without findings and with): pgbench prepares and plans each script's
/// statements apart, so a script per rare kind would cost it planning that meso, which prepares each
/// SQL text once per connection, does not pay.
enum SessionCapture {

    struct Outcome {
        let sessions: [SessionKind: CapturedSession]
        /// How many sessions of each kind were recorded.
        let mix: [SessionKind: Int]
        /// Round trips one `SessionService.record` cost on a connection already warm.
        let roundTripsPerSession: Int
    }

    static func run(database: BenchDatabase, dataSet: ClinicDataSet, actor: Actor, sessions: Int, seed: UInt64) throws
        -> Outcome
    {
        let connection = try database.connect(applicationName: "meso-bench-capture")
        let service = SessionService(connection: connection, actor: actor)
        var picker = SessionPicker(
            cohort: dataSet.cohort, formulas: dataSet.catalog.formulas.map(\.code), random: SeededRandom(seed: seed))
        let log = StatementLog()
        connection.statementLog = log
        var captured: [SessionKind: CapturedSession] = [:]
        var seen: [SessionKind: Int] = [:]
        var roundTrips = 0
        for attempt in 0..<sessions {
            let pick = picker.next()
            log.removeAll()
            let before = connection.roundTrips
            guard let record = try? service.record(
                SessionRequest(patient: try MRN(pick.mrn, field: .patient), formula: try FormulaCode(pick.formula, field: .formula))) else { continue }
            if attempt > 0 { roundTrips = max(roundTrips, connection.roundTrips - before) }
            let kind = SessionKind(record)
            seen[kind, default: 0] += 1
            if captured[kind] == nil {
                captured[kind] = CapturedSession(
                    kind: kind, patientID: pick.patientID, mrn: pick.mrn, trips: log.trips, record: record)
            }
        }
        connection.statementLog = nil
        var kept: [SessionKind: CapturedSession] = [:]
        for formula in Set(captured.keys.map(\.formula)) {
            for withFindings in [false, true] {
                let candidates = captured.keys.filter { $0.formula == formula && ($0.findings > 0) == withFindings }
                if let common = candidates.max(by: { (seen[$0]!, -$0.findings) < (seen[$1]!, -$1.findings) }) {
                    kept[common] = captured[common]
                }
            }
        }
        return Outcome(sessions: kept, mix: seen, roundTripsPerSession: roundTrips)
    }
}
