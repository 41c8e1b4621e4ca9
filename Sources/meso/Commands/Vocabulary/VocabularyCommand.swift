import ArgumentParser

struct VocabularyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vocabulary",
        abstract: "The medication names the pre-session check matches for bleeding risk, with their classes.",
        subcommands: [VocabularyList.self, VocabularyAdd.self]
    )
}
