import ArgumentParser
import MesoCore

struct VocabularyList: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the medication vocabulary, by class, substance and term.")

    @OptionGroup var options: GlobalOptions

    @OptionGroup var filter: ClassOption<MedicationClass>

    func request() throws(MesoError) -> MedicationClass? {
        try filter.request()
    }

    func run(_ request: MedicationClass?) throws {
        options.print(VocabularyPresentation.listing(try options.service(VocabularyService.self).list(in: request)))
    }
}
