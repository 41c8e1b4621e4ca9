import ArgumentParser
import MesoCore

struct VocabularyAdd: RequestCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a medication name (a substance in any language, a brand, a group name) with its class.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The name as clinics write it (Kardégic, warfarine, وارفارين).")
    var term: String

    @Option(name: .customLong("class"), help: "Its class.")
    var medicationClass: Choice<MedicationClass>

    @Option(help: "The substance it names (default: the term itself); an existing substance keeps its class.")
    var substance: String?

    func request() throws(MesoError) -> NewVocabularyTerm {
        NewVocabularyTerm(
            term: try Name(term, field: "TERM"), class: try medicationClass.value(.compoundClass),
            substance: try substance.map { text throws(MesoError) in
                try Name(text, field: "\(.substance)", maxLength: NewVocabularyTerm.longestSubstance)
            })
    }

    func run(_ request: NewVocabularyTerm) throws {
        options.print(VocabularyPresentation.added(try options.service(VocabularyService.self).add(request)))
    }
}
