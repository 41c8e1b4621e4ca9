import ArgumentParser
import MesoCore

struct LotRecall: LotStatusCommand {
    static let configuration = CommandConfiguration(commandName: "recall", abstract: "Recall a lot: never drawn again; it can then only be destroyed.")
    static let newStatus = LotStatus.recalled

    @OptionGroup var options: GlobalOptions
    @OptionGroup var change: LotStatusChangeArguments
}
