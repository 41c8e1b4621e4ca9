import ArgumentParser
import MesoCore

struct LotRelease: LotStatusCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Release a lot for use (from quarantine).")
    static let newStatus = LotStatus.released

    @OptionGroup var options: GlobalOptions
    @OptionGroup var lot: LotArguments

    @Option(help: "Why, recorded with the change.")
    var reason: String
}
