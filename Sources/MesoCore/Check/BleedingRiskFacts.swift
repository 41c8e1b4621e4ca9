import PostgresClient

/// What the bleeding-risk rule reads besides the medication records and the session's clinic day
/// (`CheckFacts.sessionDay`, on which washouts are counted): the vocabulary terms the patient's
/// medications may name, whether the vocabulary holds anything at all, and the longest washout of any
/// class or substance (how long a stopped medication the vocabulary does not know is still asked about).
public struct BleedingRiskFacts: Sendable, Hashable {
    /// The terms any of the patient's medications may name: a superset the matcher narrows down.
    public let vocabulary: MedicationVocabulary
    public let vocabularyIsEmpty: Bool
    public let longestWashoutDays: Int

    public init(
        vocabulary: MedicationVocabulary, vocabularyIsEmpty: Bool? = nil, longestWashoutDays: Int = 35
    ) {
        self.vocabulary = vocabulary
        self.vocabularyIsEmpty = vocabularyIsEmpty ?? vocabulary.terms.isEmpty
        self.longestWashoutDays = longestWashoutDays
    }

    /// No vocabulary was read: every medication is reported as not checked.
    public static let unread = BleedingRiskFacts(vocabulary: .empty)

    /// Reads these facts for the patient with `mrn`.
    static func fetch(mrn: String) -> Fetch<BleedingRiskFacts> {
        Fetch(query(mrn: mrn), decode: BleedingRiskFacts.init(from:))
    }

    /// The statement that reads these facts: one row per candidate term, or one row of NULL terms
    /// when there is none.
    private static func query(mrn: String) -> PostgresQuery {
        """
        SELECT NOT EXISTS (SELECT FROM public.medication_term) AS vocabulary_empty,
               greatest((SELECT max(washout_days) FROM public.medication_class),
                        (SELECT max(washout_days) FROM public.medication_substance)) AS longest_washout_days,
               candidate.*
          FROM (VALUES (1)) AS one (x)
          LEFT JOIN (\(candidates(of: """
                SELECT public.meso_medication_words(m.name) AS words
                  FROM public.patient_medication m JOIN public.patient p ON p.id = m.patient_id
                 WHERE p.mrn = \(mrn)
                """))) AS candidate ON true
        """
    }

    /// The terms whose key one of `words` (a statement returning a `words` column) contains.
    static func candidates(of words: PostgresQuery) -> PostgresQuery {
        // OFFSET 0 keeps the medications a subquery: each name is normalised once, not once per term.
        """
        SELECT DISTINCT ON (t.id) \(unsafeRaw: VocabularyTerm.columns)
          FROM (\(words) OFFSET 0) AS medication
          JOIN public.medication_term t ON pg_catalog.strpos(medication.words, t.match_key) > 0
          JOIN public.medication_substance s ON s.name = t.substance
          JOIN public.medication_class c ON c.code = s.class_code
         ORDER BY t.id
        """
    }

    init(from result: PostgresResult) throws(PostgresError) {
        var terms: [VocabularyTerm] = []
        for row in result.rows where try row.decode("term", as: String?.self) != nil {
            terms.append(try VocabularyTerm(row: row))
        }
        guard let first = result.first else {
            throw PostgresError(kind: .decoding, message: "the bleeding-risk facts returned no row")
        }
        self.init(
            vocabulary: MedicationVocabulary(terms), vocabularyIsEmpty: try first.decode("vocabulary_empty"),
            longestWashoutDays: try first.decode("longest_washout_days"))
    }
}
