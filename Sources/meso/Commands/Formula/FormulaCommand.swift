import ArgumentParser

struct FormulaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "formula",
        abstract: "Cocktails: versioned lists of products and the mL of each injected per session.",
        subcommands: [FormulaAdd.self, FormulaList.self, FormulaShow.self]
    )
}
