import Foundation

/// Runs the built `meso` binary as a separate process, the way a user or a script would.
public struct MesoCLI: Sendable {
    public struct Outcome: Sendable, CustomStringConvertible {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }

        public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

        /// stdout parsed as JSON (for `--format json`).
        public func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
        }

        /// stderr holds one error as the contract prints it in text: `meso: ` and one sentence on one line.
        public var isOneSentenceError: Bool {
            stderr.hasPrefix("meso: ") && stderr.hasSuffix(".\n") && stderr.utf8.count > 8
                && stderr.dropLast().allSatisfy { $0 != "\n" && $0 != "\r" }
        }

        /// stderr parsed as the JSON error object.
        public func jsonError() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: Data(stderr.utf8)) as? [String: Any] ?? [:]
        }
    }

    public let databaseURL: String
    public var actor: String = "tester"

    public init(databaseURL: String, actor: String = "tester") {
        self.databaseURL = databaseURL
        self.actor = actor
    }

    /// The `meso` executable built next to the test bundle (`swift build` puts both in one directory).
    public static let executable: String = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // On Linux the runner is `<bin>/mesoPackageTests.xctest`; on macOS it sits inside a bundle.
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("meso").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        if let bin = ProcessInfo.processInfo.environment["MESO_BIN"] { return bin }
        fatalError("the meso binary was not found next to the test runner; run swift build first")
    }()

    /// Runs `meso <arguments> --database-url <this database> --actor <actor>`.
    @discardableResult
    public func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Outcome {
        try Self.run(arguments + ["--database-url", databaseURL, "--actor", actor], stdin: stdin, environment: environment)
    }

    /// Runs `meso` with exactly these arguments.
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws
        -> Outcome
    {
        let process = try MesoProcess(arguments, stdin: stdin, environment: environment)
        guard let ending = process.wait() else {
            throw LedgerFixture.FixtureError("meso \(arguments.joined(separator: " ")) did not end within 10 minutes")
        }
        return ending.outcome
    }

    /// Starts `meso <arguments> --database-url <this database> --actor <actor>` in the background.
    public func start(_ arguments: [String], environment: [String: String] = [:]) throws -> MesoProcess {
        try MesoProcess(arguments + ["--database-url", databaseURL, "--actor", actor], environment: environment)
    }
}
