/// What one medication record says, read against the vocabulary: the terms it names, each marked
/// when the record says it is absent or applied to the skin, and the words the vocabulary does not
/// know.
public struct MedicationReading: Sendable, Hashable {
    public struct Mention: Sendable, Hashable {
        public let term: VocabularyTerm
        /// Written as absent: "aspirin-free", "sans aspirine", "بدون أسبرين".
        public let negated: Bool
        /// Written with a form applied to the skin (cream, gel, patch...) and no form taken by mouth
        /// or injected.
        public let topical: Bool

        public init(term: VocabularyTerm, negated: Bool, topical: Bool) {
            self.term = term
            self.negated = negated
            self.topical = topical
        }
    }

    /// The terms named, in the order written; a longer term wins over a shorter one inside it
    /// ("benzyl alcohol" is not alcohol, "5-ASA" is not ASA).
    public let mentions: [Mention]
    /// Words, in normal form, that are neither part of a term nor a dose, a form or a connecting word.
    public let unknownWords: [String]

    public init(mentions: [Mention], unknownWords: [String]) {
        self.mentions = mentions
        self.unknownWords = unknownWords
    }

    /// Named and not said to be absent, in a class that raises bleeding risk.
    public var risks: [Mention] {
        mentions.filter { !$0.negated && $0.term.medicationClass.isBleedingRisk }
    }

    /// Nothing in the record is known for sure: it names no term, or holds words the vocabulary
    /// does not know.
    public var needsChecking: Bool { mentions.isEmpty || !unknownWords.isEmpty }
}
