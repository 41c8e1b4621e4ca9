import ArgumentParser

struct CompoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compound",
        abstract: "The compounds products contain, and the allergen groups they belong to.",
        subcommands: [CompoundList.self, CompoundShow.self, CompoundAdd.self, CompoundUpdateCommand.self]
    )
}
