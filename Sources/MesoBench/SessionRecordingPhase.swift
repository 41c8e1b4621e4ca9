import Foundation
import MesoCore
import PostgresClient

/// Step 2 of the benchmark: session recording by meso at each client count, and in the same run
/// pgbench with (a) the same work statement by statement and (b) exactly meso's SQL, both mixed
/// like the sessions meso recorded just before (by formula and number of findings).
struct SessionRecordingPhase {
    let database: BenchDatabase
    let dataSet: ClinicDataSet
    let scale: BenchScale
    var pgbench: PgbenchRun
    let log: (String) -> Void

    mutating func run(into report: inout BenchResults.SessionRecording) throws {
        let actor = try Actor("Dr Bench")
        let capture = try SessionCapture.run(
            database: database, dataSet: dataSet, actor: actor, sessions: scale.captureSessions, seed: 99)
        report.roundTripsPerSession = capture.roundTripsPerSession
        let kinds = capture.sessions.keys.sorted()
        guard !kinds.isEmpty else { throw BenchError("No session could be recorded to capture meso's SQL.") }
        log("captured meso's SQL for \(kinds.count) kinds of session, \(capture.roundTripsPerSession) round trips each")
        let statementByStatement = try kinds.enumerated().map { number, kind in
            try StatementByStatementScript.make(capture.sessions[kind]!, cohort: dataSet.cohort, number: number + 1)
        }
        let mesoSQL = try kinds.enumerated().map { number, kind in
            try MesoSQLScript.make(capture.sessions[kind]!, cohort: dataSet.cohort, number: number + 1)
        }
        report.scripts = (statementByStatement + mesoSQL).map { pgbench.directory + "/" + $0.file }

        let mesoRun = MesoSessionRun(database: database, dataSet: dataSet, actor: actor)
        let slice = scale.phaseSeconds / Double(scale.rounds)
        let capturedLots = CapturedLotStock(capture.sessions.values)
        let stockConnection = try database.connect()
        // More than any engine records in a run: a thousand sessions a second.
        let sessionsAtMost = Int(slice * 1000) + 1
        for clients in scale.clientCounts {
            let label = "\(clients) client\(clients == 1 ? "" : "s")"
            var mesoRounds: [BenchResults.Throughput] = []
            var plainRounds: [BenchResults.Throughput] = []
            var sameRounds: [BenchResults.Throughput] = []
            var mix: [SessionKind: Int] = [:]
            // pgbench mixes its scripts like the sessions meso recorded so far (the capture's mix
            // before meso's first round of this phase).
            func weights(_ mix: [SessionKind: Int]) -> [Int] {
                Self.weights(of: kinds, from: mix.isEmpty ? capture.mix : mix)
            }
            for round in 0..<scale.rounds {
                // The three in turn, starting with a different one each round.
                for engine in (0..<3).map({ ($0 + round) % 3 }) {
                    try checkpoint()
                    switch engine {
                    case 0:
                        let outcome = try mesoRun.run(clients: clients, seconds: slice, seed: UInt64(1000 * clients + round))
                        mesoRounds.append(outcome.throughput)
                        mix.merge(outcome.mix, uniquingKeysWith: +)
                    case 1:
                        try capturedLots.topUp(on: stockConnection, sessionsAtMost: sessionsAtMost)
                        plainRounds.append(
                            try pgbench.run(statementByStatement, weights: weights(mix), clients: clients, seconds: slice))
                    default:
                        try capturedLots.topUp(on: stockConnection, sessionsAtMost: sessionsAtMost)
                        sameRounds.append(try pgbench.run(mesoSQL, weights: weights(mix), clients: clients, seconds: slice))
                    }
                }
                log(
                    "\(label), round \(round + 1) of \(scale.rounds): meso \(Format.fixed(mesoRounds.last!.perSecond, 1)), (a) \(Format.fixed(plainRounds.last!.perSecond, 1)), (b) \(Format.fixed(sameRounds.last!.perSecond, 1)) sessions/s (load average \(MachineDescription.loadAverage))"
                )
            }
            for (kind, count) in mix { report.mesoMix["\(kind), \(label)", default: 0] += count }
            for (name, rounds) in [("meso", mesoRounds), ("pgbench (a)", plainRounds), ("pgbench (b)", sameRounds)] {
                if let failure = rounds.compactMap(\.note).first { log("\(name), \(label): \(failure)") }
            }
            let (meso, plain, same) = (
                BenchResults.Throughput.combining(mesoRounds), BenchResults.Throughput.combining(plainRounds),
                BenchResults.Throughput.combining(sameRounds)
            )
            report.meso.append(meso)
            report.statementByStatement.append(plain)
            report.mesoSQL.append(same)
            report.ratioToStatementByStatement.append(meso.medianRatio(to: plain))
            report.ratioToMesoSQL.append(meso.medianRatio(to: same))
        }
    }

    /// How often each captured kind should run in pgbench: the sessions meso recorded of that kind,
    /// a kind never captured counted with the captured kind of the same formula nearest in findings.
    static func weights(of kinds: [SessionKind], from mix: [SessionKind: Int]) -> [Int] {
        var weights = [Int](repeating: 0, count: kinds.count)
        for (kind, count) in mix {
            let candidates = kinds.indices.filter { kinds[$0].formula == kind.formula }
            guard let nearest = candidates.min(by: { abs(kinds[$0].findings - kind.findings) < abs(kinds[$1].findings - kind.findings) })
            else { continue }
            weights[nearest] += count
        }
        if weights.allSatisfy({ $0 == 0 }) { return kinds.map { _ in 1 } }
        return weights
    }

    /// Starts each phase from the same place: nothing dirty waiting to be written.
    private func checkpoint() throws {
        try database.connect().query("CHECKPOINT")
    }
}
