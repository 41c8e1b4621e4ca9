import ArgumentParser
import MesoCore

struct CompoundList: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List compounds, by class.")

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("class"), help: "Only this class (vitamin, amino-acid, anaesthetic, ...).")
    var compoundClass: String?

    func filter() throws(MesoError) -> CompoundClass? {
        try compoundClass.map { text throws(MesoError) in try FieldText.choice(text, field: "--class", as: CompoundClass.self) }
    }

    func validate() throws {
        try options.checkingInput { _ = try filter() }
    }

    func run() throws {
        options.print(CompoundPresentation.listing(try options.catalogService().compounds(in: try filter())))
    }
}
