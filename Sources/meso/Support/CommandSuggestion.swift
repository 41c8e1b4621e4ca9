import ArgumentParser

/// A mistyped subcommand and the one it most likely meant (`meso lots` → `lot`), as ArgumentParser
/// suggests an option for a mistyped option.
struct CommandSuggestion {
    let typed: String
    let meant: String

    /// The first argument that names no subcommand where one is expected, when a subcommand's name
    /// is close to it.
    init?(_ arguments: [String]) {
        var command: any ParsableCommand.Type = Meso.self
        for argument in arguments {
            let subcommands = command.configuration.subcommands
            guard !argument.hasPrefix("-"), !subcommands.isEmpty, argument != "help" else { return nil }
            let names = subcommands.map { ($0, $0._commandName) }
            if let next = names.first(where: { $0.1 == argument }) {
                command = next.0
                continue
            }
            let scored = names.map { ($0.1, Self.distance($0.1, argument)) }
            guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, min(3, argument.count / 2)) else {
                return nil
            }
            typed = argument
            meant = best.0
            return
        }
        return nil
    }

    /// The sentence that says it.
    var sentence: String { "Unknown subcommand '\(typed)'. Did you mean '\(meant)'?" }

    /// ArgumentParser's error message replaced by the suggestion (whatever it tripped on first:
    /// the unknown word, or an option the parent command does not take).
    func adding(to text: String) -> String { sentence }

    /// ArgumentParser's full report, its first line (`Error: ...`) the suggestion, its usage kept.
    func replacingFirstLine(of text: String) -> String {
        let rest = text.firstIndex(of: "\n").map { String(text[$0...]) } ?? ""
        return "Error: " + sentence + rest
    }

    /// The Levenshtein distance between two words.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
