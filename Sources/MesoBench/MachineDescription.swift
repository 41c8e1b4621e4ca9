import Foundation
import PostgresClient

/// The machine and the versions a run was measured on.
enum MachineDescription {
    static func describe(_ connection: PostgresConnection, pgbench: PgbenchRun) throws -> BenchResults.Machine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        var names = utsname()
        uname(&names)
        let kernel = withUnsafeBytes(of: &names.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let version = try connection.query("SHOW server_version").first?.decode("server_version", as: String.self) ?? "?"
        return BenchResults.Machine(
            cores: ProcessInfo.processInfo.activeProcessorCount,
            memoryMiB: Int(ProcessInfo.processInfo.physicalMemory / 1_048_576), cpu: model, kernel: kernel,
            postgres: "PostgreSQL " + version, pgbench: (try? pgbench.version()) ?? "pgbench ?")
    }

    /// The 1, 5 and 15 minute load averages: the machine may be shared, and a busy one slows every phase.
    static var loadAverage: String {
        ((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?").split(separator: " ").prefix(3)
            .joined(separator: " ")
    }
}
