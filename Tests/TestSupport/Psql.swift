import Foundation

/// Runs `psql` as a login, the way a person holding it would, outside meso: the security tests try
/// every attack through it.
public enum Psql {
    public struct Outcome: Sendable, CustomStringConvertible {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        /// psql stops at the first error (`ON_ERROR_STOP`) and exits 3.
        public var failed: Bool { status != 0 }

        public var description: String { "psql exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// Runs `script` with `psql -X -q -A -t -v ON_ERROR_STOP=1` on `url` (a URL or key=value string).
    /// `PGOPTIONS` and the other `PG*` variables of the test's environment are not passed on.
    public static func run(_ url: String, _ script: String) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-f", "-"]
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let readOut = Thread.detachedRead(output)
        let readErr = Thread.detachedRead(errors)
        try process.run()
        input.fileHandleForWriting.write(Data(script.utf8))
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, stdout: String(decoding: readOut(), as: UTF8.self),
            stderr: String(decoding: readErr(), as: UTF8.self))
    }
}
