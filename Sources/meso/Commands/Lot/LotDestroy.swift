import ArgumentParser
import MesoCore

struct LotDestroy: LotStatusCommand {
    static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Destroy a lot, writing what it still holds off the ledger.")
    static let newStatus = LotStatus.destroyed

    @OptionGroup var options: GlobalOptions
    @OptionGroup var change: LotStatusChangeArguments
}
