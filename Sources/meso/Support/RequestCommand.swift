import ArgumentParser
import MesoCore

/// A command that turns its arguments into one typed request and acts on it: the request is built
/// once, before any connection is made (a bad value exits 65 having touched nothing), and handed
/// to `run(_:)`, which gets its service, calls it and presents the result.
protocol RequestCommand: MesoCommand {
    associatedtype Request
    /// The arguments as the request MesoCore takes; throws the refusal of a bad value.
    func request() throws(MesoError) -> Request
    func run(_ request: Request) throws
}

extension RequestCommand {
    func run() throws {
        try run(try built())
    }

    /// The request; a bad value is reported in the chosen format and stops the command with its
    /// exit code, and a usage error (a malformed `--override`) with this command's usage, as
    /// ArgumentParser reports its own.
    func built() throws -> Request {
        do {
            return try request()
        } catch where error.kind == .usage {
            throw CommandUsageError(message: error.message, command: Self.self)
        } catch {
            ErrorReport.write(error, format: options.format)
            throw ExitCode(ExitStatus.code(for: error.kind))
        }
    }
}
