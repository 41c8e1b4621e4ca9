import Foundation
import MesoCore

/// Step 4: `meso check` and `meso stock` as whole processes (the release build beside this one)
/// against `psql -c` running one query of the same kind: the median of many runs, interleaved so
/// that drift hits all alike, and each one's peak memory.
struct ProcessPhase {
    let database: BenchDatabase
    let dataSet: ClinicDataSet
    let scale: BenchScale
    let mesoExecutable: String
    let psqlExecutable: String

    /// The name of the recall export's measurement, which TargetEvaluation judges.
    static let recallExport = "meso export fhir --lot (the busiest lot)"

    /// The `meso` executable next to this one (`swift build` puts them in one directory).
    static func mesoBeside() throws -> String {
        let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let meso = me.deletingLastPathComponent().appendingPathComponent("meso").path
        guard FileManager.default.isExecutableFile(atPath: meso) else {
            throw BenchError("\(meso) is missing: build it first (swift build -c release).")
        }
        return meso
    }

    func run(into results: inout BenchResults) throws {
        let mrn = ClinicDataSet.mrn(dataSet.cohort.lowerBound + Int64(dataSet.cohort.count / 2))
        let psql = [psqlExecutable, "-X", "-q", "-d", database.url, "-c"]
        let queries: [(name: String, arguments: [String])] = [
            ("meso check", [mesoExecutable, "check", "--patient", mrn, "--formula", "REVIT-LIDO"]),
            ("psql -c (one patient)", psql + ["SELECT id, mrn, name, birth_date, weight_kg FROM patient WHERE mrn = '\(mrn)'"]),
            ("meso stock", [mesoExecutable, "stock"]),
            (
                "psql -c (stock per product)",
                psql + [
                    "SELECT product_code, sum(on_hand_ml) FROM lot WHERE status <> 'destroyed' AND on_hand_ml > 0 GROUP BY product_code ORDER BY 1"
                ]
            ),
        ]
        // The recall Bundle of the busiest lot, written to a file as a regulator would ask for it.
        let recall = FileManager.default.temporaryDirectory.appendingPathComponent("meso-bench-recall-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: recall) }
        let busiest = "\(dataSet.busiestLot.productCode):\(dataSet.busiestLot.lotNumber)"
        let commands = queries + [
            (Self.recallExport, [mesoExecutable, "export", "fhir", "--lot", busiest, "--out", recall])
        ]
        let environment = ["MESO_DATABASE_URL": database.url, "MESO_ACTOR": "bench", "PAGER": "cat"]
        var times = [[Double]](repeating: [], count: commands.count)
        var peaks = [Int?](repeating: nil, count: commands.count)
        var statuses = [Int32](repeating: 0, count: commands.count)
        for round in -2..<scale.processRuns {
            for (index, command) in commands.enumerated() {
                let run = try ProcessTiming.run(command.arguments, environment: environment)
                guard round >= 0 else { continue }  // two warm-up rounds
                times[index].append(run.seconds)
                statuses[index] = run.status
            }
        }
        for (index, command) in commands.enumerated() {
            for _ in 0..<3 {
                if let peak = try ProcessTiming.peakMemoryKiB(command.arguments, environment: environment) {
                    peaks[index] = max(peaks[index] ?? 0, peak)
                }
            }
        }
        for (index, command) in commands.enumerated() {
            let sorted = times[index].sorted()
            let median = sorted.count % 2 == 1
                ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            results.processes.append(
                BenchResults.ProcessRun(
                    name: command.name,
                    command: command.arguments.map { $0 == database.url ? "<bench database>" : $0 }
                        .map { $0.hasPrefix("/") ? URL(fileURLWithPath: $0).lastPathComponent : $0 },
                    runs: sorted.count, medianMilliseconds: median * 1000, peakMiB: peaks[index].map { Double($0) / 1024 },
                    exitStatus: statuses[index]))
        }
    }
}
