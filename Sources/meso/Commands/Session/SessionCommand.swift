import ArgumentParser

struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "Record sessions and the lots they used; list, show and cancel them; record adverse events.",
        subcommands: [SessionRecordCommand.self, SessionList.self, SessionShow.self, SessionCancel.self, SessionAdverseEventCommand.self]
    )
}
