import ArgumentParser

struct CompoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compound",
        abstract: "The compounds products contain, the allergen groups they belong to, their dose limits and public codes.",
        subcommands: [CompoundList.self, CompoundShow.self, CompoundAdd.self, CompoundUpdateCommand.self, CompoundLimitCommand.self]
    )
}
