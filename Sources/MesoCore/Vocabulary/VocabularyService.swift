import PostgresClient

/// The medication vocabulary the bleeding-risk rule reads: everyone who runs the check lists it; the
/// pharmacist adds to it. Additions are never edited: a term's class is its substance's.
public struct VocabularyService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    /// Every term, or those of one class, by class, substance and term.
    public func list(in medicationClass: MedicationClass? = nil) throws -> [VocabularyEntry] {
        try MesoError.translating {
            try connection.query(
                """
                SELECT \(unsafeRaw: VocabularyEntry.columns)
                  FROM medication_term t
                  JOIN medication_substance s ON s.name = t.substance
                  JOIN medication_class c ON c.code = s.class_code
                 WHERE \(medicationClass?.rawValue)::text IS NULL OR c.code = \(medicationClass?.rawValue)
                 ORDER BY c.code, lower(s.name), t.words
                """
            ).rows.map(VocabularyEntry.init(row:))
        }
    }

    /// Adds a term, and its substance when the vocabulary does not have it yet. The substance, when it
    /// exists (matched without regard to case), must be of the class given.
    public func add(_ request: NewVocabularyTerm) throws -> VocabularyEntry {
        do {
            return try connection.transaction { connection in
                let existing = try connection.query(
                    "SELECT name, class_code FROM medication_substance WHERE lower(name) = lower(\(request.substance))"
                ).first
                let substance: String
                if let existing {
                    substance = try existing.decode("name")
                    let known: MedicationClass = try existing.decodeEnum("class_code")
                    guard known == request.medicationClass else {
                        throw MesoError.invalid(
                            "\(.compoundClass)",
                            "The vocabulary has \(substance) in the class \(known.rawValue), not \(request.medicationClass.rawValue): give \(.compoundClass) \(known.rawValue), or another \(.substance).")
                    }
                } else {
                    substance = request.substance
                    try connection.query(
                        """
                        INSERT INTO medication_substance (name, class_code, recorded_by)
                        VALUES (\(substance), \(request.medicationClass.rawValue), \(actor.name))
                        """)
                }
                let id: Int64 = try connection.query(
                    """
                    INSERT INTO medication_term (term, substance, recorded_by)
                    VALUES (\(request.term), \(substance), \(actor.name))
                    RETURNING id
                    """
                ).first!.decode("id")
                return try VocabularyEntry(
                    row: try connection.query(
                        """
                        SELECT \(unsafeRaw: VocabularyEntry.columns)
                          FROM medication_term t
                          JOIN medication_substance s ON s.name = t.substance
                          JOIN medication_class c ON c.code = s.class_code
                         WHERE t.id = \(id)
                        """
                    ).first!)
            }
        } catch let error as PostgresError where error.constraint == "medication_term_words_unique" {
            throw try duplicate(request.term)
        } catch let error as PostgresError where error.constraint == "medication_term_one_name" {
            throw MesoError.invalid(
                "TERM",
                "TERM must be one name with a letter or a digit, without commas, semicolons or brackets (add each name on its own).")
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }

    /// The refusal of a term whose normal form the vocabulary already has, naming what it has.
    private func duplicate(_ term: String) throws -> MesoError {
        try MesoError.translating {
            guard
                let row = try connection.query(
                    """
                    SELECT t.term, s.name AS substance, s.class_code
                      FROM medication_term t JOIN medication_substance s ON s.name = t.substance
                     WHERE t.words = meso_medication_words(\(term))
                    """
                ).first
            else { return MesoError.invalid("TERM", "TERM \(term) is already in the vocabulary.") }
            let known: String = try row.decode("term")
            let substance: String = try row.decode("substance")
            let code: String = try row.decode("class_code")
            return MesoError.invalid(
                "TERM",
                "The vocabulary already has \(term) as \(known) (\(substance), class \(code)); terms are compared without case, accents or punctuation.")
        }
    }
}
