import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// The PostgreSQL server stopped, crashed or hung under `meso`, each test on a private cluster of
/// its own: clients say "database is unreachable" (exit 69) instead of hanging, the next command
/// after a restart works, and every session a client was told is recorded survives the crash whole.
@Suite("Reliability: the server stopped, crashed or hung")
struct ReliabilityServerFaultTests {
    enum Stop: String, CaseIterable, Sendable {
        /// `pg_ctl stop -m fast`: the server ends each session (57P01), then stops.
        case fast
        /// `pg_ctl stop -m immediate`: the server processes die at once, as in a crash or power cut.
        case immediate
    }

    /// One `session record` run by a worker during a round.
    struct Attempt: Sendable {
        let tag: String
        /// Nil when it did not end within the timeout (a hang).
        let ending: MesoProcess.Ending?
        let startedAfterStop: Bool
    }

    static let unknownOutcome = "may or may not have been recorded"

    @Test(arguments: Stop.allCases)
    func sessionsUnderLoadSurviveTheServerStoppingAndTheNextCommandWorks(_ stop: Stop) throws {
        let rounds = ReliabilityLoad.pick(1, soak: 6)
        let workers = ReliabilityLoad.pick(4, soak: 10)
        let cluster = try PrivateCluster("stop-\(stop.rawValue)")
        defer { cluster.destroy() }
        let database = try TestDatabase.seeded("reliability_stop_\(stop.rawValue)", server: cluster.serverURL)
        let meso = MesoCLI(databaseURL: database.url, actor: "Dr Lee")
        let pharmacy = MesoCLI(databaseURL: database.url, actor: "pharmacist")
        for (product, lot) in [("POLYREVIT-5", "PR-C"), ("HA-15-2", "HA-C"), ("LIDO-1-MD", "LD-HOLD")] {
            let received = try pharmacy.run(
                ["lot", "receive", "--product", product, "--lot", lot, "--expiry", CalendarDate.today(plus: 300).description,
                 "--vials", "5000"])
            try #require(received.status == 0, "\(received)")
        }
        let patients = (0..<workers).map { "CR-\($0)" }
        do {
            let admin = try database.connect()
            for mrn in patients {
                try admin.query(
                    "INSERT INTO patient (mrn, name, weight_kg, allergy_assessment, created_by) VALUES (\(mrn), \(mrn), 60, 'none-known', 'test')")
            }
        }

        var figures = (committed: 0, unknownCommitted: 0, unknownAbsent: 0, unreachable: 0, slowest: 0.0)
        for round in 0..<rounds {
            // A command waiting for a lot another connection holds (one the sessions do not draw), when
            // the server goes.
            let holder = try database.connect()
            try holder.query("BEGIN")
            try holder.query("SELECT id FROM lot WHERE lot_number = 'LD-HOLD' FOR UPDATE")
            let waiting = try pharmacy.start(
                ["stock", "waste", "--product", "LIDO-1-MD", "--lot", "LD-HOLD", "--ml", "1", "--reason", "Vial dropped"])

            let (attempts, problems) = Self.recordWhileStopping(
                meso, patients: patients, round: round, workers: workers,
                stop: { stop == .fast ? try cluster.stop() : try cluster.crash() })
            #expect(problems == [])

            let waited = try #require(waiting.wait(timeout: 30), "a command waiting for a lock hung after the server stopped")
            #expect(waited.outcome.status == 69, "\(waited)")
            #expect(waited.outcome.isOneSentenceError && waited.outcome.stderr.contains("unreachable"), "\(waited)")

            // While it is down, every command says so at once, in text and in JSON.
            for arguments in [["stock"], ["audit", "verify"], ["session", "list"]] {
                let text = try #require(try meso.start(arguments).wait(timeout: 30), "meso \(arguments) hung")
                #expect(text.outcome.status == 69, "\(text)")
                #expect(text.outcome.isOneSentenceError && text.outcome.stderr.contains("The database is unreachable ("), "\(text)")
                let json = try meso.run(arguments + ["--format", "json"])
                #expect(json.status == 69, "\(json)")
                let error = try? json.jsonError()
                #expect(error?["error"] as? String == "unavailable" && error?["exit_code"] as? Int == 69, "\(json)")
                figures.slowest = max(figures.slowest, text.seconds)
            }

            try cluster.start()
            let next = try meso.run(["stock", "--product", "POLYREVIT-5"])
            #expect(next.status == 0, "the first command after the restart: \(next)")

            // Every session a client was told is recorded is there whole; a client told the
            // database was unreachable before its commit left nothing; one that lost the server
            // during its commit was told that it may or may not be recorded.
            let admin = try database.connect()
            for attempt in attempts {
                guard let ending = attempt.ending else {
                    Issue.record("session record \(attempt.tag) hung when the server stopped")
                    continue
                }
                figures.slowest = max(figures.slowest, attempt.startedAfterStop ? ending.seconds : 0)
                let stored = try admin.query("SELECT id FROM session WHERE area = \(attempt.tag)").rows.map {
                    try $0.decode("id", as: Int.self)
                }
                switch ending.outcome.status {
                case 0:
                    figures.committed += 1
                    guard let document = try? ending.outcome.json() as? [String: Any], let id = document["session_id"] as? Int
                    else {
                        Issue.record("session record \(attempt.tag) printed no session: \(ending)")
                        continue
                    }
                    #expect(stored == [id], "\(attempt.tag): reported \(id), stored \(stored)")
                    try Self.expectStoredAsReported(document, id: id, on: admin)
                case 69:
                    let error = try? ending.outcome.jsonError()
                    #expect(error?["error"] as? String == "unavailable", "\(ending)")
                    let message = error?["message"] as? String ?? ""
                    #expect(message.contains("unreachable"), "\(ending)")
                    if message.contains(Self.unknownOutcome) {
                        if stored.isEmpty { figures.unknownAbsent += 1 } else { figures.unknownCommitted += 1 }
                        #expect(stored.count <= 1)
                    } else {
                        figures.unreachable += 1
                        #expect(stored == [], "\(attempt.tag) was reported unreachable before its commit, yet stored")
                    }
                    if attempt.startedAfterStop { #expect(!message.contains(Self.unknownOutcome), "\(ending)") }
                default:
                    Issue.record("session record \(attempt.tag): \(ending)")
                }
            }
            #expect(try SessionIntegrity.partialSessions(admin) == [])
            let history = try SessionIntegrity.ledgerHistory(admin)
            #expect(history.lowest >= 0 && history.disagreeing == 0)
            let verify = try meso.run(["audit", "verify"])
            #expect(verify.status == 0, "\(verify)")
        }
        ReliabilityLoad.report(
            "server \(stop.rawValue) stop",
            "\(rounds) round(s) of \(workers) recording processes: \(figures.committed) sessions reported recorded, all intact after the restart; \(figures.unreachable) runs told unreachable (none stored); \(figures.unknownCommitted + figures.unknownAbsent) lost the server during their commit (\(figures.unknownCommitted) had committed); slowest exit 69 \(String(format: "%.2f", figures.slowest)) s; no partial session; audit verify 0")
    }

    /// Runs `session record` from `workers` processes in a loop (each session tagged by its area);
    /// once each worker has recorded two sessions, stops the server at a random moment of the runs
    /// then in flight, and lets each worker go on until two of its runs started after the stop.
    static func recordWhileStopping(
        _ meso: MesoCLI, patients: [String], round: Int, workers: Int, stop: @escaping @Sendable () throws -> Void
    ) -> (attempts: [Attempt], problems: [String]) {
        let stopped = Locked(false)
        let attempts = Locked<[Attempt]>([])
        let problems = Locked<[String]>([])
        concurrently(workers + 1) { worker in
            if worker == workers {
                for _ in 0..<6000 {
                    let recorded = attempts.withLock { $0.filter { $0.ending?.outcome.status == 0 } }
                    if recorded.count >= 2 * workers {
                        let typical = recorded.map { $0.ending?.seconds ?? 0 }.sorted()[recorded.count / 2]
                        usleep(useconds_t(Double.random(in: 0...typical) * 1_000_000))
                        break
                    }
                    usleep(10_000)
                }
                do { try stop() } catch { problems.withLock { $0.append("stopping the server: \(error)") } }
                stopped.withLock { $0 = true }
                return
            }
            var runsAfterStop = 0
            for index in 0..<100_000 {
                let startedAfterStop = stopped.current
                let tag = "C\(round)-\(worker)-\(index)"
                do {
                    let process = try meso.start(
                        ["session", "record", "--patient", patients[worker % patients.count], "--formula", "REVIT-FACE",
                         "--area", tag, "--format", "json"])
                    let ending = process.wait(timeout: 30)
                    attempts.withLock { $0.append(Attempt(tag: tag, ending: ending, startedAfterStop: startedAfterStop)) }
                    if ending == nil { return }
                } catch {
                    problems.withLock { $0.append("worker \(worker): \(error)") }
                    return
                }
                if startedAfterStop {
                    runsAfterStop += 1
                    if runsAfterStop == 2 { return }
                }
            }
        }
        return (attempts.current, problems.current)
    }

    /// The session as `session record` printed it is the session stored: its lots and volumes, and
    /// its ledger rows.
    static func expectStoredAsReported(_ document: [String: Any], id: Int, on connection: PostgresConnection) throws {
        let reportedLots = Set(
            (document["lots"] as? [[String: Any]] ?? []).map {
                "\($0["lot_number"] ?? "") \($0["volume_ml"] ?? "") \($0["waste_ml"] ?? "")"
            })
        let storedLots = Set(
            try connection.query(
                """
                SELECT l.lot_number, u.volume_ml, u.waste_ml FROM session_usage u JOIN lot l ON l.id = u.lot_id
                 WHERE u.session_id = \(Int64(id))
                """
            ).rows.map { row in
                "\(try row.decode("lot_number", as: String.self)) \(try row.decode("volume_ml", as: Decimal.self).fixed(scale: 3)) \(try row.decode("waste_ml", as: Decimal.self).fixed(scale: 3))"
            })
        #expect(!storedLots.isEmpty && storedLots == reportedLots, "session \(id)")
        let reportedMovements = Set((document["ledger"] as? [[String: Any]] ?? []).compactMap { $0["movement_id"] as? Int })
        let storedMovements = Set(
            try connection.query("SELECT id FROM stock_movement WHERE session_id = \(Int64(id))").rows.map {
                try $0.decode("id", as: Int.self)
            })
        #expect(!storedMovements.isEmpty && storedMovements == reportedMovements, "session \(id)")
    }

    /// A postmaster that accepts connections and never answers (stopped with SIGSTOP): `meso` gives
    /// up after its connect timeout with exit 69 instead of waiting for ever, and works again once
    /// the server does.
    @Test func aServerThatNeverAnswersIsGivenUpAfterTheConnectTimeout() throws {
        let cluster = try PrivateCluster("hung")
        defer { cluster.destroy() }
        let database = try TestDatabase.create("reliability_hung", server: cluster.serverURL)
        let meso = MesoCLI(databaseURL: database.url)
        let postmaster = try #require(cluster.postmasterPID)
        kill(postmaster, SIGSTOP)
        let hung = try meso.start(["db", "status"])
        let ending = hung.wait(timeout: Double(PostgresConnection.defaultConnectTimeoutSeconds) + 20)
        kill(postmaster, SIGCONT)
        let ended = try #require(ending, "meso waited for a hung server beyond its connect timeout")
        #expect(ended.outcome.status == 69, "\(ended)")
        #expect(ended.outcome.isOneSentenceError && ended.outcome.stderr.contains("The database is unreachable ("), "\(ended)")
        let after = try meso.run(["db", "status"])
        #expect(after.status == 0, "\(after)")
        ReliabilityLoad.report(
            "hung server", "a postmaster stopped with SIGSTOP: exit 69 after \(String(format: "%.1f", ended.seconds)) s (connect timeout \(PostgresConnection.defaultConnectTimeoutSeconds) s); the next command after SIGCONT works")
    }
}
