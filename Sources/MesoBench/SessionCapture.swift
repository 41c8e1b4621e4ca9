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

/// Records sessions (untimed) until it holds one of each kind the clinic's patients produce, for
/// the pgbench scripts: the SQL meso sends differs by formula and by the number of findings.
enum SessionCapture {
    struct Outcome {
        let sessions: [SessionKind: CapturedSession]
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
        var roundTrips = 0
        for attempt in 0..<sessions {
            let pick = picker.next()
            log.removeAll()
            let before = connection.roundTrips
            guard let record = try? service.record(SessionRequest(patient: pick.mrn, formula: pick.formula)) else { continue }
            if attempt > 0 { roundTrips = max(roundTrips, connection.roundTrips - before) }
            let kind = SessionKind(record)
            if captured[kind] == nil {
                captured[kind] = CapturedSession(
                    kind: kind, patientID: pick.patientID, mrn: pick.mrn, trips: log.trips, record: record)
            }
        }
        connection.statementLog = nil
        return Outcome(sessions: captured, roundTripsPerSession: roundTrips)
    }
}
