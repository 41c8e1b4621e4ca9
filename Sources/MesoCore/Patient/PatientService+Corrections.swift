import PostgresClient

/// Corrections of a patient's record: each is a row of its own, written with who (the actor; the
/// database adds the login) and kept with the value before, and the record's current state is
/// derived from them (Schema/0013). The practitioner writes them.
extension PatientService {
    /// Corrects the patient's name, birth date or weight; the fields not given stay as they are.
    public func update(_ request: NewPatientUpdate) throws -> PatientRecord {
        try MesoError.translating(.patientUpdateRefused, field: { $0.column == "birth_date" ? "\(.birthDate)" : "MRN" }) {
            let written = try connection.query(
                """
                INSERT INTO patient_update (patient_id, name, birth_date, weight_kg, recorded_by)
                SELECT id, \(request.name), \(request.birthDate), \(request.weightKG), \(actor.name)
                  FROM patient WHERE mrn = \(request.mrn)
                RETURNING id
                """)
            guard written.first != nil else { throw Self.unknown(request.mrn.text, field: "MRN") }
            return try show(mrn: request.mrn)
        }
    }

    /// Records the day a condition ended: it counts for sessions before that day only (a facial
    /// surgery's four months run from the operation whatever its end).
    public func endCondition(_ request: NewConditionEnd) throws -> (mrn: String, condition: PatientCondition) {
        try MesoError.translating(.conditionEndRefused, field: { _ in "\(.on)" }) {
            try connection.transaction { connection in
                guard
                    try connection.query(
                        """
                        INSERT INTO patient_condition_end (condition_id, ended_on, note, recorded_by)
                        SELECT id, \(request.endedOn), \(request.note), \(actor.name)
                          FROM patient_condition WHERE id = \(request.conditionID)
                        RETURNING id
                        """
                    ).first != nil
                else { throw MesoError.invalid("ID", "No condition record has the ID \(request.conditionID).") }
                let row = try connection.query(
                    """
                    SELECT \(unsafeRaw: PatientCondition.columns), p.mrn
                      FROM \(unsafeRaw: PatientCondition.source) JOIN patient p ON p.id = c.patient_id
                     WHERE c.id = \(request.conditionID)
                    """
                ).first!
                return (try row.decode("mrn"), try PatientCondition(row: row))
            }
        }
    }

    /// Amends an allergy record's verification or criticality with a reason; the record's current
    /// state is its latest amendment, and every amendment is kept with the state before.
    public func amendAllergy(_ request: NewAllergyAmendment) throws -> (mrn: String, amendment: AllergyAmendment) {
        try MesoError.translating(.allergyAmendmentRefused, field: { _ in "\(.status)" }) {
            guard
                let row = try connection.query(
                    """
                    WITH m AS (
                        INSERT INTO patient_allergy_amendment (allergy_id, verification, criticality, reason, recorded_by)
                        SELECT id, \(request.verification?.rawValue), \(request.criticality?.rawValue), \(request.reason),
                               \(actor.name)
                          FROM patient_allergy WHERE id = \(request.allergyID)
                        RETURNING *
                    )
                    SELECT \(unsafeRaw: AllergyAmendment.columns), p.mrn
                      FROM m JOIN patient_allergy a ON a.id = m.allergy_id JOIN patient p ON p.id = a.patient_id
                    """
                ).first
            else { throw MesoError.invalid("ID", "No allergy record has the ID \(request.allergyID).") }
            return (try row.decode("mrn"), try AllergyAmendment(row: row))
        }
    }

    /// Reads the history `show` lists after the record: corrections of the patient's details,
    /// amendments of their allergy records.
    static func fetchHistory(mrn: String) -> Fetch<PatientRecord.History> {
        Fetch.all(
            Fetch(
                """
                SELECT \(unsafeRaw: PatientCorrection.columns)
                  FROM patient_update u JOIN patient p ON p.id = u.patient_id
                 WHERE p.mrn = \(mrn) ORDER BY u.id
                """
            ) { try $0.rows.map(PatientCorrection.init(row:)) },
            Fetch(
                """
                SELECT \(unsafeRaw: AllergyAmendment.columns)
                  FROM patient_allergy_amendment m
                  JOIN patient_allergy a ON a.id = m.allergy_id JOIN patient p ON p.id = a.patient_id
                 WHERE p.mrn = \(mrn) ORDER BY m.id
                """
            ) { try $0.rows.map(AllergyAmendment.init(row:)) }
        ).map { PatientRecord.History(corrections: $0, allergyAmendments: $1) }
    }
}
