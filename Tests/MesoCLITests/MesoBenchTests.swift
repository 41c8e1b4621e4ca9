import Foundation
import PostgresClient
import Testing
import TestSupport

/// `MesoBench --quick` end to end, so that the benchmark cannot rot: it builds its clinic, records
/// sessions through meso and pgbench, times the library calls and the CLI, and writes every
/// section of its JSON. No timing is asserted: the suite runs on busy machines.
@Suite("MesoBench --quick")
struct MesoBenchTests {
    @Test func quickRunWritesEverySection() throws {
        // One place, emptied at the start and left afterwards: when the run fails, its pgbench
        // scripts and logs beside the results explain why.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("meso-bench-test").path
        try? FileManager.default.removeItem(atPath: directory)
        let output = directory + "/results.json"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // `swift build` puts MesoBench beside meso.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: MesoCLI.executable).deletingLastPathComponent()
            .appendingPathComponent("MesoBench")
        process.arguments = [
            "--quick", "--output", output, "--database-url", TestDatabase.serverURL, "--database-name", "meso_test_bench",
            "--keep",
        ]
        // Its report and progress go to files beside the results (a pipe left unread would block it).
        try #require(FileManager.default.createFile(atPath: directory + "/stdout.txt", contents: nil))
        try #require(FileManager.default.createFile(atPath: directory + "/stderr.txt", contents: nil))
        process.standardOutput = FileHandle(forWritingAtPath: directory + "/stdout.txt")
        process.standardError = FileHandle(forWritingAtPath: directory + "/stderr.txt")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let stderr = (try? String(contentsOfFile: directory + "/stderr.txt", encoding: .utf8)) ?? ""
        #expect(process.terminationStatus == 0, "\(stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: output))
        let results = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for section in ["scale", "machine", "data_set", "session_recording", "latencies", "plans", "processes", "targets"] {
            #expect(results[section] != nil, "no \(section) in the results")
        }

        let dataSet = try #require(results["data_set"] as? [String: Any])
        #expect(dataSet["usage_rows"] as? Int == 2_000)
        #expect(dataSet["sessions"] as? Int == 660)
        #expect(dataSet["lots"] as? Int == 60)
        #expect(dataSet["verify_holds"] as? Bool == true, "\(dataSet["verify_discrepancies"] ?? "")")
        // The history is loaded without the ledger trigger, so the generator itself must keep its
        // rule: every lot a session drew had arrived by the session's time (within the clock tolerance).
        // (--keep leaves the database for this; it is dropped here.)
        let bench = try PostgresConnection(
            try ConnectionString.replacing("dbname", with: "meso_test_bench", in: TestDatabase.serverURL))
        let drawnBeforeArrival: Int64 = try bench.query(
            """
            SELECT count(*) AS n FROM stock_movement m JOIN session s ON s.id = m.session_id JOIN lot l ON l.id = m.lot_id
             WHERE m.kind = 'session-use' AND l.received_at > s.performed_at + interval '10 minutes'
            """
        ).rows[0].decode("n")
        #expect(drawnBeforeArrival == 0)
        // The history holds opened multi-dose vials, drawn by the rows that name them (audit verify
        // proved them above), and a receipt for every lot.
        let vials = try bench.query(
            """
            SELECT (SELECT count(*) FROM vial) AS opened,
                   (SELECT count(*) FROM stock_movement WHERE vial_id IS NOT NULL AND kind = 'session-use') AS draws,
                   (SELECT count(*) FROM lot_receipt) AS receipts, (SELECT count(*) FROM lot) AS lots
            """
        ).rows[0]
        let opened: Int64 = try vials.decode("opened")
        let draws: Int64 = try vials.decode("draws")
        let receipts: Int64 = try vials.decode("receipts")
        let lots: Int64 = try vials.decode("lots")
        #expect(opened > 0)
        #expect(draws > opened, "sessions drew open vials again")
        #expect(receipts == lots)
        let server = try PostgresConnection(try ConnectionString.replacing("dbname", with: "postgres", in: TestDatabase.serverURL))
        try server.query("DROP DATABASE IF EXISTS meso_test_bench WITH (FORCE)")

        let recording = try #require(results["session_recording"] as? [String: Any])
        #expect(recording["round_trips_per_session"] as? Int == 2)
        for engine in ["meso", "statement_by_statement", "meso_sql"] {
            let phases = try #require(recording[engine] as? [[String: Any]], "no \(engine)")
            #expect(phases.map { $0["clients"] as? Int } == [1, 8])
            #expect(phases.allSatisfy { ($0["sessions"] as? Int ?? 0) > 0 && ($0["failures"] as? Int) == 0 }, "\(phases)")
        }
        let scripts = try #require(recording["scripts"] as? [String])
        #expect(scripts.contains { $0.contains("meso-sql") } && scripts.contains { $0.contains("statement-by-statement") })

        let latencies = try #require(results["latencies"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(latencies.contains { $0.hasPrefix("pre-session check") })
        #expect(latencies.contains { $0.hasPrefix("audit lot (") })
        #expect(latencies.contains { $0.hasPrefix("audit patient (") })
        let plans = try #require(results["plans"] as? [[String: Any]])
        #expect(plans.contains { ($0["name"] as? String)?.hasPrefix("audit lot") == true })
        #expect(plans.allSatisfy { !(($0["plan"] as? [String]) ?? []).isEmpty })

        let processes = try #require(results["processes"] as? [[String: Any]])
        #expect(processes.compactMap { $0["name"] as? String }.sorted()
            == ["meso check", "meso export fhir --lot (the busiest lot)", "meso stock", "psql -c (one patient)", "psql -c (stock per product)"])
        #expect(processes.allSatisfy { [0, 2].contains($0["exit_status"] as? Int ?? -1) }, "\(processes)")

        let targets = try #require(results["targets"] as? [[String: Any]])
        #expect(targets.count == 11)
        let recall = try #require(targets.first { ($0["name"] as? String)?.hasPrefix("`export fhir --lot`") == true })
        #expect((recall["measured"] as? String)?.hasSuffix("MiB") == true, "\(recall)")
        #expect(targets.allSatisfy { $0["met"] is Bool && $0["measured"] is String })
    }
}
