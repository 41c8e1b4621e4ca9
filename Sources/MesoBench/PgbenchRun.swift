import Foundation

/// Runs pgbench on written scripts for a fixed time and reads its throughput:
/// `pgbench -n -M prepared -T secs -c N -j N -f script@weight ... -D name=value ...`.
struct PgbenchRun {
    let executable: String
    let url: String
    let directory: String
    /// Numbers the log each run leaves in `directory` (its command line and output).
    private var runCount = 0

    init(executable: String, url: String, directory: String) {
        self.executable = executable
        self.url = url
        self.directory = directory
    }

    /// pgbench's own version line, for the report.
    func version() throws -> String {
        try ProcessRunner.run(executable, ["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Writes the scripts to `directory` and runs them mixed by `weights` (whole numbers, one per script).
    mutating func run(_ scripts: [PgbenchScript], weights: [Int], clients: Int, seconds: Double) throws
        -> BenchResults.Throughput
    {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var arguments = [
            "-n", "-M", "prepared", "-T", String(max(1, Int(seconds.rounded()))), "-c", String(clients), "-j", String(clients),
        ]
        arguments += ["-D", "\(PgbenchScript.nullVariable)=\(PgbenchScript.nullMarker)"]
        for (script, weight) in zip(scripts, weights) where weight > 0 {
            let path = directory + "/" + script.file
            try script.text.write(toFile: path, atomically: true, encoding: .utf8)
            arguments += ["-f", "\(path)@\(weight)"]
            for (name, value) in script.constants { arguments += ["-D", "\(name)=\(value)"] }
        }
        arguments.append(url)
        let (wall, outcome) = try Clock.time { try ProcessRunner.run(executable, arguments) }
        let output = outcome.stdout + outcome.stderr
        runCount += 1
        try ("pgbench " + arguments.joined(separator: " ") + "\n\n" + output + "\nwall \(wall) s\n")
            .write(toFile: directory + "/run-\(runCount).log", atomically: true, encoding: .utf8)
        func number(after label: String) -> Double? {
            guard let range = output.range(of: label) else { return nil }
            let rest = output[range.upperBound...].drop { $0 == " " }
            return Double(rest.prefix { $0.isNumber || $0 == "." })
        }
        guard wall < seconds * 2 + 15 else {
            throw BenchError("pgbench ran \(Int(wall)) s for -T \(Int(seconds.rounded())): its timer (SIGALRM) never fired.")
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
