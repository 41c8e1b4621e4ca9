import ArgumentParser
import MesoCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@main
struct Meso: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meso",
        abstract: "The pharmacy of a mesotherapy clinic: stock, cocktails, pre-session checks, sessions and audit.",
        discussion: """
            Global options (every command takes them, before or after its name):
              --database-url <url>    PostgreSQL URL (postgresql://...) or key=value pairs
              --format <format>       table (default), json or csv
              --actor <name>          who is doing this, recorded with every write

            Environment:
              MESO_DATABASE_URL       the database URL when --database-url is not given
              MESO_ACTOR              the actor when --actor is not given
                                      (else the database login)
              MESO_SCHEMA_DIR         the migrations' directory (default: Schema/
                                      of the checkout meso was built from)
              MESO_FIXTURES_DIR       the seed data's directory (default: Fixtures/
                                      of the checkout meso was built from)
              PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSERVICE...
                                      libpq's own, when no database URL is given

            Exit codes:
              0   done; the check passed
              1   audit verify found a discrepancy
              2   the check warns
              3   refused: a block, a stock rule, a lot that cannot be used
              64  usage: the command line is not one meso takes
              65  invalid input: a value malformed, out of range or unknown
              69  the database is unavailable, unnamed or not migrated
              70  internal error
              75  busy: a lock or statement timeout; nothing written, try again
              77  permission denied for this database login

            No database yet? Scripts/db start runs a development one, Scripts/db url
            prints its URL, and meso db migrate gives it meso's schema.
            """,
        version: MesoVersion.current,
        subcommands: [
            DbCommand.self,
            CompoundCommand.self,
            AllergenCommand.self,
            ProductCommand.self,
            LotCommand.self,
            StockCommand.self,
            FormulaCommand.self,
            PatientCommand.self,
            CheckCommand.self,
            SessionCommand.self,
            CourseCommand.self,
            AuditCommand.self,
            ReportCommand.self,
            ClinicCommand.self,
            VocabularyCommand.self,
            ExportCommand.self,
        ]
    )

    /// Parses, runs, and turns every failure into the contract's exit code and message.
    static func main() {
        let arguments = GlobalOptions.placedAfterCommand(Array(CommandLine.arguments.dropFirst()))
        // The arguments are copied: a password in them leaves the process list now.
        CommandLineSecrets.scrub()
        var format = ErrorReport.format(in: arguments)
        var options: GlobalOptions?
        do {
            var command = try parseAsRoot(arguments)
            if let command = command as? any MesoCommand {
                options = command.options
                format = command.options.format
            }
            try command.run()
            SystemCalls.exit(ExitStatus.success)
        } catch {
            if let usage = error as? CommandUsageError {
                usage.report(format: format)
                SystemCalls.exit(ExitStatus.usage)
            }
            if var failure = ErrorReport.meso(from: error) {
                if let options, let unmigrated = options.unmigrated(failure) { failure = unmigrated }
                ErrorReport.write(failure, format: format)
                SystemCalls.exit(ExitStatus.code(for: failure.kind))
            }
            let code = exitCode(for: error).rawValue
            // An ExitCode thrown after its failure was reported (`checkingInput`) has no message of its own.
            var text = message(for: error)
            let suggestion = code == ExitStatus.usage ? CommandSuggestion(arguments) : nil
            if let suggestion { text = suggestion.adding(to: text) }
            if code == ExitStatus.usage, format == .json, !text.isEmpty {
                ErrorReport.write(code: "usage", message: text, format: format)
                SystemCalls.exit(code)
            }
            if let suggestion {
                Console.error(suggestion.replacingFirstLine(of: fullMessage(for: error)) + "\n")
                SystemCalls.exit(code)
            }
            // Help, version, ExitCode thrown after printing, and usage errors in text form.
            exit(withError: error)
        }
    }
}

/// A command that takes the global options.
protocol MesoCommand: ParsableCommand {
    var options: GlobalOptions { get }
}
