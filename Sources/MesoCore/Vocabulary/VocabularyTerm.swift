import PostgresClient

/// One name of the medication vocabulary as the bleeding-risk rule needs it: its words in the
/// database's normal form, the substance it names, that substance's class, and the washout that
/// applies to it (the substance's own where it has one, else its class's).
public struct VocabularyTerm: Sendable, Hashable {
    /// As the pharmacist or the reference catalog wrote it.
    public let term: String
    /// `meso_medication_words(term)`: lower-case words separated by single spaces.
    public let words: String
    public let substance: String
    public let medicationClass: MedicationClass
    /// The class's name in the pharmacist's words ("direct oral anticoagulant").
    public let className: String
    /// What the practitioner should know or do, from the class.
    public let advice: String
    /// Days after a stop during which the medication still counts.
    public let washoutDays: Int

    public init(
        term: String, words: String, substance: String, medicationClass: MedicationClass, className: String,
        advice: String, washoutDays: Int
    ) {
        self.term = term
        self.words = words
        self.substance = substance
        self.medicationClass = medicationClass
        self.className = className
        self.advice = advice
        self.washoutDays = washoutDays
    }

    /// The columns `init(row:)` reads, over `medication_term t`, `medication_substance s` and
    /// `medication_class c`.
    static let columns =
        "t.term, t.words, s.name AS substance, c.code AS class_code, c.name AS class_name, c.advice, coalesce(s.washout_days, c.washout_days) AS washout_days"

    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            term: try row.decode("term"), words: try row.decode("words"), substance: try row.decode("substance"),
            medicationClass: try row.decodeEnum("class_code"), className: try row.decode("class_name"),
            advice: try row.decode("advice"), washoutDays: try row.decode("washout_days"))
    }
}
