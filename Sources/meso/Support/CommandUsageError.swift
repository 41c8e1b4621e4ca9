import ArgumentParser

/// A usage error a command finds in its arguments once they are parsed (`request()` in `run()`),
/// reported as ArgumentParser reports one it finds while parsing: the sentence, then the usage of
/// that command (an error thrown from `run()` would otherwise get the usage of `meso` itself).
struct CommandUsageError: Error {
    let message: String
    let command: any ParsableCommand.Type

    /// "Error: ..., Usage: meso session record ..., See 'meso session record --help'...".
    var text: String {
        let names = Self.path(to: command, from: Meso.self)?.joined(separator: " ") ?? Meso._commandName
        let usage = Meso.usageString(for: command)
        return "Error: \(message)\nUsage: \(usage)\n  See '\(names) --help' for more information."
    }

    /// Writes the error on stderr: in JSON as every usage error, else as text.
    func report(format: OutputFormat) {
        if format == .json {
            ErrorReport.write(code: "usage", message: message, format: format)
        } else {
            Console.error(text + "\n")
        }
    }

    /// The names of the commands from `root` down to `command`, if it is one of them.
    static func path(to command: any ParsableCommand.Type, from root: any ParsableCommand.Type) -> [String]? {
        if root == command { return [root._commandName] }
        for subcommand in root.configuration.subcommands {
            if let path = path(to: command, from: subcommand) { return [root._commandName] + path }
        }
        return nil
    }
}
