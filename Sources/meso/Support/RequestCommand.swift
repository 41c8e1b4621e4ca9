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
        let request: Request
        do {
            request = try options.parsed(self.request)
        } catch let error as ValidationError {
            throw CommandUsageError(message: error.message, command: Self.self)
        }
        try run(request)
    }
}

extension GlobalOptions {
    /// The value `build` makes of the arguments; a bad value is reported in the chosen format and
    /// stops the command with its exit code, as `checkingInput` does.
    func parsed<Value>(_ build: () throws(MesoError) -> Value) throws -> Value {
        var value: Value?
        try checkingInput { value = try build() }
        return value!
    }
}
