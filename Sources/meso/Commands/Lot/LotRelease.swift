import ArgumentParser
import MesoCore

struct LotRelease: LotStatusCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Release a lot for use (from quarantine).")
    static let newStatus = LotStatus.released

    @OptionGroup var options: GlobalOptions
    @OptionGroup var change: LotStatusChangeArguments
}
