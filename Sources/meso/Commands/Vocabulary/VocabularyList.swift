import ArgumentParser
import MesoCore

struct VocabularyList: MesoCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the medication vocabulary, by class, substance and term.")

    @OptionGroup var options: GlobalOptions

    @Option(name: .customLong("class"), help: "Only this class (\(MedicationClass.allCases.map(\.rawValue).joined(separator: ", "))).")
    var medicationClass: String?

    func filter() throws(MesoError) -> MedicationClass? {
        try medicationClass.map { text throws(MesoError) in try FieldText.choice(text, field: "--class", as: MedicationClass.self) }
    }

    func validate() throws {
        try options.checkingInput { _ = try filter() }
    }

    func run() throws {
        options.print(VocabularyPresentation.listing(try options.vocabularyService().list(in: try filter())))
    }
}
