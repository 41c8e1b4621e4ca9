import Foundation

/// Runs the built `meso` binary as a separate process, the way a user or a script would.
public struct MesoCLI: Sendable {
    public struct Outcome: Sendable, CustomStringConvertible {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }

        /// stdout parsed as JSON (for `--format json`).
        public func json() throws -> Any {
            try JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed])
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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "MESO_DATABASE_URL")
        env.removeValue(forKey: "MESO_ACTOR")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes to the end before waiting, so a large output cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }
}
