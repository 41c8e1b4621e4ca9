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
        do {
            var command = try parseAsRoot(arguments)
            if let command = command as? any MesoCommand { format = command.options.format }
            try command.run()
            Glibc.exit(ExitStatus.success)
        } catch {
            if let failure = ErrorReport.meso(from: error) {
                ErrorReport.write(failure, format: format)
                Glibc.exit(ExitStatus.code(for: failure.kind))
            }
            let code = exitCode(for: error).rawValue
            // An ExitCode thrown after its failure was reported (`checkingInput`) has no message of its own.
            let text = message(for: error)
            if code == ExitStatus.usage, format == .json, !text.isEmpty {
                ErrorReport.write(code: "usage", message: text, format: format)
                Glibc.exit(code)
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
