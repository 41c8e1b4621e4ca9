import ArgumentParser

struct LotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lot",
        abstract: "Receive lots, follow them, and release, quarantine, recall or destroy them.",
        subcommands: [
            LotReceive.self, LotList.self, LotShow.self, LotRelease.self, LotQuarantine.self, LotRecall.self,
            LotDestroy.self,
        ]
    )
}
