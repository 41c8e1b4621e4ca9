import ArgumentParser

struct ProductCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "product",
        abstract: "Products as bought (vials, ampoules, syringes) and their ingredients.",
        subcommands: [ProductAdd.self, ProductList.self, ProductShow.self]
    )
}
