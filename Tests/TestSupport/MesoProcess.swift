import Foundation

/// A `meso` process started in the background, to be killed at a chosen moment or waited for with
/// a deadline: the reliability tests kill clients mid-write and prove that none hangs.
public final class MesoProcess: @unchecked Sendable {
    // @unchecked: Process is not Sendable; the test that starts one waits for it or kills it.

    /// How a process ended.
    public struct Ending: Sendable, CustomStringConvertible {
        public let outcome: MesoCLI.Outcome
        /// Ended by a signal (SIGKILL from the test) rather than by exiting.
        public let signalled: Bool
        /// From start to end, in seconds.
        public let seconds: Double

        public var description: String {
            (signalled ? "killed by signal \(outcome.status)" : "\(outcome)") + " after \(String(format: "%.3f", seconds)) s"
        }
    }

    private let process = Process()
    private let readOut: @Sendable () -> Data
    private let readErr: @Sendable () -> Data
    private let started = Date()

    /// Starts `meso` with exactly these arguments; `MESO_DATABASE_URL` and `MESO_ACTOR` are removed
    /// from the environment unless `environment` sets them.
    public init(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: MesoCLI.executable)
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
        // Read both pipes to the end while the process runs, so a large output cannot block it; on
        // threads of their own, since dozens of processes blocked in reads could exhaust Dispatch's pool.
        readOut = Thread.detachedRead(out)
        readErr = Thread.detachedRead(err)
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
    }

    public var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (SIGKILL: no handler, no cleanup, as a crash or a power cut would end it).
    public func kill(_ signal: Int32 = SIGKILL) {
        Foundation.kill(process.processIdentifier, signal)
    }

    /// Waits for the process to end; after `timeout` seconds it is killed and nil is returned, so a
    /// hang fails the test instead of stalling the suite.
    public func wait(timeout: Double = 600) -> Ending? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(2000) }
        if process.isRunning {
            kill()
            process.waitUntilExit()
            _ = (readOut(), readErr())
            return nil
        }
        process.waitUntilExit()
        return Ending(
            outcome: MesoCLI.Outcome(
                status: process.terminationStatus, stdout: String(decoding: readOut(), as: UTF8.self),
                stderr: String(decoding: readErr(), as: UTF8.self)),
            signalled: process.terminationReason == .uncaughtSignal, seconds: Date().timeIntervalSince(started))
    }
}
