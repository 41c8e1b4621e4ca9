import Foundation
import MesoCore
import PostgresClient
import Testing
import TestSupport

/// `meso session record` and `session cancel` killed with SIGKILL at random moments of their run
/// (before connecting, while the transaction is open, around the commit, after it): whatever the
/// moment, a session is there whole or not at all.
@Suite("Reliability: clients killed mid-write")
struct ReliabilityKilledClientTests {
    @Test func aSessionKilledAtAnyPointIsWholeOrAbsent() throws {
        let iterations = ReliabilityLoad.pick(40, soak: 400)
        let clinic = try SessionClinic("reliability_killed")
        // REVIT-FACE draws whole single-use vials of two products: usage, session-use and waste rows.
        try clinic.receive("POLYREVIT-5", "PR-K", vials: iterations + 5)
        try clinic.receive("HA-15-2", "HA-K", vials: iterations + 5)
        let patients = ["MRN-0006", "MRN-0008"]

        // How long an undisturbed `session record` takes, so that the kills fall all along it.
        var durations: [Double] = []
        for index in 0..<3 {
            let process = try clinic.meso.start(["session", "record", "--patient", patients[index % 2], "--formula", "REVIT-FACE"])
            let ending = try #require(process.wait(timeout: 60))
            #expect(ending.outcome.status == 0, "\(ending)")
            durations.append(ending.seconds)
        }
        // Kills fall uniformly in [0, span]; the span follows the runs (shorter after a run that ended
        // first, longer after a kill), so that it hovers around the end of a run, where the commit is.
        var span = durations.sorted()[1]
        let firstSpan = span

        var killed = (record: [String](), cancel: [String]())
        var completed = 0
        var random = SystemRandomNumberGenerator()
        for index in 0..<iterations {
            let tag = "K-\(index)"
            // Mostly recordings; every third kill lands on a cancellation of a performed session.
            var arguments = ["session", "record", "--patient", patients[index % 2], "--formula", "REVIT-FACE", "--area", tag]
            let cancelling = index % 3 == 2
            if cancelling {
                guard
                    let id = try clinic.admin.query(
                        "SELECT id FROM session WHERE status = 'performed' ORDER BY random() LIMIT 1"
                    ).first?.decode("id", as: Int.self)
                else { continue }
                arguments = ["session", "cancel", String(id), "--reason", tag]
            }
            let process = try clinic.meso.start(arguments)
            usleep(useconds_t(Double.random(in: 0...span, using: &random) * 1_000_000))
            process.kill()
            let ending = try #require(process.wait(timeout: 60), "meso \(arguments) did not end")
            if ending.signalled {
                if cancelling { killed.cancel.append(tag) } else { killed.record.append(tag) }
                span *= 1.05
            } else {
                #expect(ending.outcome.status == 0, "\(ending)")
                completed += 1
                span *= 0.85
            }
        }

        // A killed client's server process ends when it finds the socket closed, rolling back what
        // was not committed; wait for all of them before looking.
        try waitForNoClient(clinic)
        let partial = try SessionIntegrity.partialSessions(clinic.admin)
        #expect(partial == [])
        let history = try SessionIntegrity.ledgerHistory(clinic.admin)
        #expect(history.lowest >= 0)
        #expect(history.disagreeing == 0)
        let verify = try clinic.verify()
        #expect(verify.status == 0, "\(verify)")

        // Each killed recording either committed whole (its area is stored) or left nothing.
        let recordedTags = Set(
            try clinic.admin.query("SELECT area FROM session WHERE area LIKE 'K-%'").rows.map { try $0.decode("area", as: String.self) })
        let cancelledTags = Set(
            try clinic.admin.query("SELECT cancel_reason FROM session WHERE cancel_reason LIKE 'K-%'").rows.map {
                try $0.decode("cancel_reason", as: String.self)
            })
        let recordedAfterKill = killed.record.filter(recordedTags.contains).count
        let cancelledAfterKill = killed.cancel.filter(cancelledTags.contains).count
        ReliabilityLoad.report(
            "SIGKILL",
            "\(iterations) runs killed after 0-\(Int(firstSpan * 1000)) ms (span at the end \(Int(span * 1000)) ms): \(killed.record.count) recordings killed (\(recordedAfterKill) had committed, \(killed.record.count - recordedAfterKill) left nothing), \(killed.cancel.count) cancellations killed (\(cancelledAfterKill) had committed), \(completed) ended before the kill; partial sessions: \(partial.count)")
    }

    /// Polls until no `meso` client of this database is connected (at most about 10 s).
    func waitForNoClient(_ clinic: SessionClinic) throws {
        for _ in 0..<1000 {
            let left = try clinic.admin.query(
                """
                SELECT count(*) AS n FROM pg_stat_activity
                 WHERE datname = current_database() AND application_name = 'meso' AND pid <> pg_backend_pid()
                """
            ).rows[0].decode("n", as: Int.self)
            if left == 0 { return }
            usleep(10_000)
        }
        throw LedgerFixture.FixtureError("killed clients' server processes did not end")
    }
}
