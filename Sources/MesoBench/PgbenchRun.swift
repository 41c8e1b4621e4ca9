import Foundation

/// Runs pgbench on written scripts for a fixed time and reads its throughput:
/// `pgbench -n -M prepared -T secs -c N -j N -f script@weight ... -D name=value ...`.
struct PgbenchRun {
    let executable: String
    let url: String
    let directory: String

    /// pgbench's own version line, for the report.
    func version() throws -> String {
        try ProcessRunner.run(executable, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes the scripts to `directory` and runs them mixed by `weights` (whole numbers, one per script).
    func run(_ scripts: [PgbenchScript], weights: [Int], clients: Int, seconds: Double) throws -> BenchResults.Throughput {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var arguments = [
            "-n", "-M", "prepared", "-T", String(max(1, Int(seconds.rounded()))), "-c", String(clients), "-j", String(clients),
        ]
        for (script, weight) in zip(scripts, weights) where weight > 0 {
            let path = directory + "/" + script.file
            try script.text.write(toFile: path, atomically: true, encoding: .utf8)
            arguments += ["-f", "\(path)@\(weight)"]
            for (name, value) in script.constants { arguments += ["-D", "\(name)=\(value)"] }
        }
        arguments.append(url)
        let outcome = try ProcessRunner.run(executable, arguments)
        let output = outcome.stdout + outcome.stderr
        func number(after label: String) -> Double? {
            guard let range = output.range(of: label) else { return nil }
            let rest = output[range.upperBound...].drop { $0 == " " }
            return Double(rest.prefix { $0.isNumber || $0 == "." })
        }
        let processed = number(after: "number of transactions actually processed:") ?? 0
        let failed = number(after: "number of failed transactions:") ?? 0
        let aborted = output.contains("aborted") || outcome.status != 0
        guard let tps = number(after: "tps =") else {
            throw BenchError("pgbench gave no throughput (exit \(outcome.status)): \(output.suffix(600))")
        }
        let problem = output.split(separator: "\n").first { $0.contains("error") || $0.contains("aborted") }
        // pgbench's own rate leaves out connecting; the time it implies is what the rounds add up.
        return BenchResults.Throughput(
            clients: clients, seconds: processed / max(tps, 1e-9), sessions: Int(processed),
            failures: Int(failed) + (aborted ? 1 : 0), perSecond: tps, note: aborted ? String(problem ?? "a client aborted") : nil)
    }
}
