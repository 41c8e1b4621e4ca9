/// A validated addition to the medication vocabulary: a name, the class of what it names and the
/// substance it names (the name itself when none is given).
public struct NewVocabularyTerm: Sendable, Hashable {
    public let term: String
    public let medicationClass: MedicationClass
    public let substance: String

    /// The longest substance name, in characters.
    public static let longestSubstance = 100

    public init(term: Name, class medicationClass: MedicationClass, substance: Name?) {
        self.term = term.text
        self.medicationClass = medicationClass
        self.substance = substance?.text ?? String(term.text.prefix(Self.longestSubstance))
    }
}
