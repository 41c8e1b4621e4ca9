import ArgumentParser

struct CompoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compound",
        abstract: "The compounds products contain, the allergen groups they belong to, and their dose limits.",
        subcommands: [CompoundList.self, CompoundShow.self, CompoundAdd.self, CompoundLimitCommand.self]
    )
}
