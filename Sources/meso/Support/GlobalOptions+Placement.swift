extension GlobalOptions {
    /// The global options' names, as typed.
    static let names = ["--database-url", "--format", "--actor"]

    /// Moves global options written before the command (`meso --format json lot list`) to after it,
    /// where ArgumentParser reads them: docs/cli.md calls them global, and scripts put them first as
    /// often as last. Only the leading run of global options moves; the rest stays in order.
    static func placedAfterCommand(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if names.contains(where: { argument.hasPrefix($0 + "=") }) {
                leading.append(argument)
                index += 1
            } else if names.contains(argument), index + 1 < arguments.count {
                leading += [argument, arguments[index + 1]]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.count else { return arguments }
        return Array(arguments[index...]) + leading
    }
}
