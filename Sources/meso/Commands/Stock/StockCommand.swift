import ArgumentParser

struct StockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stock",
        abstract: "Stock on hand per product (the default), counts and waste.",
        subcommands: [StockList.self, StockCount.self, StockWaste.self],
        defaultSubcommand: StockList.self
    )
}
