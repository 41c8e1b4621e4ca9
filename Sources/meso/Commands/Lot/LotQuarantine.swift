import ArgumentParser
import MesoCore

struct LotQuarantine: LotStatusCommand {
    static let configuration = CommandConfiguration(commandName: "quarantine", abstract: "Hold a lot back from use until it is released again.")
    static let newStatus = LotStatus.quarantined

    @OptionGroup var options: GlobalOptions
    @OptionGroup var change: LotStatusChangeArguments
}
