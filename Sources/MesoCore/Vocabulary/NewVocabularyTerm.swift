/// A validated addition to the medication vocabulary: a name, the class of what it names and the
/// substance it names (the name itself when none is given).
public struct NewVocabularyTerm: Sendable, Hashable {
    public let term: String
    public let medicationClass: MedicationClass
    public let substance: String

    public init(term: String, class medicationClass: String, substance: String?) throws(MesoError) {
        self.term = try FieldText.name(term, field: "TERM")
        self.medicationClass = try FieldText.choice(medicationClass, field: "\(.compoundClass)")
        self.substance = try substance.map { name throws(MesoError) in try FieldText.name(name, field: "\(.substance)", maxLength: 100) }
            ?? String(self.term.prefix(100))
    }
}
