import Foundation

/// A PostgreSQL cluster of a test's own (`Scripts/db` with `MESO_DB_DIR` and `MESO_DB_PORT`), for
/// the tests that stop, crash, pause or reconfigure the server: the shared test server runs every
/// other suite at the same time and must never be touched.
public final class PrivateCluster: Sendable {
    public let directory: String
    public let port: Int
    /// The cluster's `meso` database on its Unix socket, as `Scripts/db url` gives it.
    public let serverURL: String

    private static let clustersMade = Locked(0)

    /// Creates (or re-creates) the cluster under the temporary directory and starts it.
    public init(_ name: String) throws {
        directory = NSTemporaryDirectory() + "meso-cluster-\(name)-\(getpid())"
        // Unix sockets only: the port names the socket file in the cluster's own directory; one of
        // its own per cluster all the same, so that nothing keyed on it (shared memory) is shared.
        port = 56000 + Int(getpid() % 400) * 10 + Self.clustersMade.withLock { count in
            count += 1
            return count % 10
        }
        try? FileManager.default.removeItem(atPath: directory)
        _ = try Self.db("start", directory: directory, port: port)
        serverURL = try Self.db("url", directory: directory, port: port).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    public func start() throws { _ = try Self.db("start", directory: directory, port: port) }

    /// A fast shutdown: the server ends every session (57P01) and stops.
    public func stop() throws { _ = try Self.db("stop", directory: directory, port: port) }

    /// `pg_ctl stop -m immediate`: no checkpoint, crash recovery at the next start.
    public func crash() throws { _ = try Self.db("crash", directory: directory, port: port) }

    /// Stops the cluster and removes its files.
    public func destroy() {
        _ = try? Self.db("stop", directory: directory, port: port)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Everything the server has logged so far.
    public var log: String {
        (try? String(contentsOfFile: directory + "/postgres.log", encoding: .utf8)) ?? ""
    }

    /// The postmaster's process id (the first line of `postmaster.pid`), while it runs.
    public var postmasterPID: Int32? {
        guard let text = try? String(contentsOfFile: directory + "/data/postmaster.pid", encoding: .utf8) else { return nil }
        return text.split(separator: "\n").first.flatMap { Int32($0) }
    }

    /// The data directory's `pg_hba.conf`, to add authentication rules for a test's own roles.
    public var hbaPath: String { directory + "/data/pg_hba.conf" }

    private static func db(_ verb: String, directory: String, port: Int) throws -> String {
        let process = Process()
        // Through a shell that first closes every inherited descriptor above stderr: the server that
        // `start` leaves running would otherwise keep open the pipes of `meso` processes other tests
        // are starting at the same moment, and their readers would wait for it to stop.
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c",
            #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$0" "$@""#,
            ProjectPaths.root + "/Scripts/db", verb,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["MESO_DB_DIR"] = directory
        environment["MESO_DB_PORT"] = String(port)
        process.environment = environment
        // Files, not pipes: the server that `start` leaves running inherits the script's stdout and
        // stderr, so a pipe would never reach its end.
        let outputPath = NSTemporaryDirectory() + "meso-db-\(UUID().uuidString)"
        _ = FileManager.default.createFile(atPath: outputPath + ".out", contents: nil)
        _ = FileManager.default.createFile(atPath: outputPath + ".err", contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outputPath + ".out")
            try? FileManager.default.removeItem(atPath: outputPath + ".err")
        }
        process.standardOutput = FileHandle(forWritingAtPath: outputPath + ".out")
        process.standardError = FileHandle(forWritingAtPath: outputPath + ".err")
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOfFile: outputPath + ".out", encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOfFile: outputPath + ".err", encoding: .utf8)) ?? ""
            throw LedgerFixture.FixtureError("Scripts/db \(verb) failed (\(process.terminationStatus)): \(errors)")
        }
        return output
    }
}
