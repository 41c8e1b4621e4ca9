import ArgumentParser

struct StockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "Stock on hand per product (the default), counts, waste and open vials to discard.",
        subcommands: [StockList.self, StockCount.self, StockWaste.self, StockDiscard.self],
        defaultSubcommand: StockList.self
    )
}
