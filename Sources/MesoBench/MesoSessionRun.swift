import Foundation
import MesoCore
import PostgresClient

/// Session recording through MesoCore for a fixed time: `clients` threads, each with its own
/// connection, each calling `SessionService.record` (a real check every time, in its transaction)
/// for random patients of the cohort and random formulas, as fast as the server answers.
struct MesoSessionRun {
    let database: BenchDatabase
    let dataSet: ClinicDataSet
    let actor: Actor

    struct Outcome {
        let throughput: BenchResults.Throughput
        /// Sessions recorded per kind (formula, verdict, number of findings).
        let mix: [SessionKind: Int]
    }

    func run(clients: Int, seconds: Double, seed: UInt64) throws -> Outcome {
        let tally = Tally()
        let ready = DispatchGroup()
        let start = DispatchSemaphore(value: 0)
        let clock = StartClock()
        var bodies: [@Sendable () throws -> Void] = []
        for client in 0..<clients {
            bodies.append { [database, dataSet, actor] in
                let connection: PostgresConnection
                do {
                    connection = try database.connect(applicationName: "meso-bench-client")
                } catch {
                    ready.leave()
                    throw error
                }
                let service = SessionService(connection: connection, actor: actor)
                var picker = SessionPicker(
                    cohort: dataSet.cohort, formulas: dataSet.catalog.formulas.map(\.code),
                    random: SeededRandom(seed: seed &+ UInt64(client) &* 7919))
                ready.leave()
                start.wait()
                let deadline = clock.start + seconds
                var recorded = 0
                var failed = 0
                var firstFailure: String?
                var mix: [SessionKind: Int] = [:]
                while Clock.seconds() < deadline {
                    let pick = picker.next()
                    do {
                        let record = try service.record(SessionRequest(
                                patient: try MRN(pick.mrn, field: .patient), formula: try FormulaCode(pick.formula, field: .formula)))
                        recorded += 1
                        mix[SessionKind(record), default: 0] += 1
                    } catch {
                        failed += 1
                        if firstFailure == nil { firstFailure = "\(error)" }
                    }
                }
                tally.add(recorded: recorded, failed: failed, failure: firstFailure, mix: mix, end: Clock.seconds())
            }
        }
        for _ in 0..<clients { ready.enter() }
        let runner = Thread {
            ready.wait()
            clock.start = Clock.seconds()
            for _ in 0..<clients { start.signal() }
        }
        runner.start()
        try Parallel.run(bodies)
        let elapsed = tally.end - clock.start
        return Outcome(
            throughput: BenchResults.Throughput(
                clients: clients, seconds: elapsed, sessions: tally.recorded, failures: tally.failed,
                perSecond: Double(tally.recorded) / elapsed, note: tally.failure),
            mix: tally.mix)
    }

    /// The moment every client starts, set once they are all connected.
    private final class StartClock: @unchecked Sendable {
        // Written by one thread before the clients are released, read by them afterwards.
        var start = 0.0
    }

    /// What the client threads did, added up under a lock.
    private final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private(set) var recorded = 0
        private(set) var failed = 0
        private(set) var failure: String?
        private(set) var mix: [SessionKind: Int] = [:]
        private(set) var end = 0.0

        func add(recorded: Int, failed: Int, failure: String?, mix: [SessionKind: Int], end: Double) {
            lock.lock()
            defer { lock.unlock() }
            self.recorded += recorded
            self.failed += failed
            if self.failure == nil { self.failure = failure }
            self.mix.merge(mix, uniquingKeysWith: +)
            self.end = max(self.end, end)
        }
    }
}

/// What shapes the SQL of one recorded session: its formula and how many findings it stores
/// (the findings INSERT is left out when there are none).
struct SessionKind: Hashable, Comparable, Sendable, CustomStringConvertible {
    let formula: String
    let findings: Int

    init(formula: String, findings: Int) {
        self.formula = formula
        self.findings = findings
    }

    init(_ record: SessionRecord) {
        self.init(formula: record.session.formulaCode, findings: record.findings.count)
    }

    var description: String { "\(formula) with \(findings) finding\(findings == 1 ? "" : "s")" }

    static func < (lhs: SessionKind, rhs: SessionKind) -> Bool {
        (lhs.formula, lhs.findings) < (rhs.formula, rhs.findings)
    }
}
