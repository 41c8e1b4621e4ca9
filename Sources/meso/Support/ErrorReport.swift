import ArgumentParser
import MesoCore
import PostgresClient

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Prints a failure on stderr, as one sentence, or with `--format json` as one object whose keys are
/// always `error`, `message`, `field` (null when the failure names none) and `exit_code`.
enum ErrorReport {
    static func write(_ error: MesoError, format: OutputFormat, naming: FieldNaming = FieldNames.naming) {
        write(
            code: error.kind.rawValue, message: error.message(naming: naming), field: error.field(naming: naming),
            format: format)
    }

    static func write(code: String, message: String, field: String? = nil, format: OutputFormat) {
        let exit = exitCode(forCode: code)
        if format == .json {
            var record: OutputRecord = ["error": .text(code), "message": .text(message)]
            record.append("field", field.map(OutputValue.text) ?? .null)
            record.append("exit_code", .integer(Int(exit)))
            Console.error(JSONRenderer.encode(.record(record)) + "\n")
        } else {
            Console.error("meso: \(message)\n")
        }
    }

    static func exitCode(forCode code: String) -> Int32 {
        if code == "usage" { return ExitStatus.usage }
        return MesoError.Kind(rawValue: code).map(ExitStatus.code(for:)) ?? ExitStatus.internal
    }

    /// Any error a command threw, as the sentence and kind the user sees.
    static func meso(from error: any Error) -> MesoError? {
        switch error {
        case let error as MesoError: return error
        case let error as PostgresError: return MesoError(error)
        default: return nil
        }
    }

    /// The `--format` given on the command line, for errors raised before options are parsed.
    static func format(in arguments: [String]) -> OutputFormat {
        for (index, argument) in arguments.enumerated() {
            if argument.hasPrefix("--format=") {
                return OutputFormat(rawValue: String(argument.dropFirst("--format=".count))) ?? .table
            }
            if argument == "--format", index + 1 < arguments.count {
                return OutputFormat(rawValue: arguments[index + 1]) ?? .table
            }
        }
        return .table
    }
}

extension GlobalOptions {
    /// For `validate()`: reports an invalid value in the chosen format and stops with exit 65
    /// (or the code of the failure) before anything touches the database; a usage error (64) is
    /// reported as ArgumentParser reports its own.
    func checkingInput(naming: FieldNaming = FieldNames.naming, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as MesoError where error.kind == .usage {
            // Reported as ArgumentParser reports a usage error: the sentence, then the command's usage.
            throw ValidationError(error.message(naming: naming))
        } catch let error as MesoError {
            ErrorReport.write(error, format: format, naming: naming)
            throw ExitCode(ExitStatus.code(for: error.kind))
        }
    }
}
