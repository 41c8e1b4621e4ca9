import PostgresClient

extension PatientService {
    /// Records that a medication was stopped on a day of the clinic (not after today). A stop already
    /// recorded stays as history; the latest one is the medication's stop. A bleeding-risk medication
    /// still counts through its washout: the answer says until when.
    public func stopMedication(_ request: MedicationStop) throws -> StoppedMedication {
        do {
            return try connection.transaction { connection in
                try connection.query(
                    """
                    INSERT INTO patient_medication_stop (medication_id, stopped_on, recorded_by)
                    VALUES (\(request.medicationID), \(request.stoppedOn), \(actor.name))
                    """)
                let row = try connection.query(
                    """
                    SELECT p.mrn, \(unsafeRaw: PatientMedication.columns)
                      FROM patient_medication m JOIN patient p ON p.id = m.patient_id
                      \(unsafeRaw: PatientMedication.latestStop)
                     WHERE m.id = \(request.medicationID)
                    """
                ).first!
                let medication = try PatientMedication(row: row)
                let words = medication.words ?? ""
                let terms = try connection.query(BleedingRiskFacts.candidates(of: "SELECT \(words)::text AS words"))
                    .rows.map(VocabularyTerm.init(row:))
                let reading = MedicationMatcher.read(words, in: MedicationVocabulary(terms))
                var washouts: [StoppedMedication.Washout] = []
                for mention in reading.risks where !washouts.contains(where: { $0.term.substance == mention.term.substance }) {
                    washouts.append(
                        StoppedMedication.Washout(
                            term: mention.term, countsThrough: request.stoppedOn.adding(days: mention.term.washoutDays)))
                }
                return StoppedMedication(mrn: try row.decode("mrn"), medication: medication, washouts: washouts)
            }
        } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
            throw MesoError.invalid("ID", "No medication has the ID \(request.medicationID).")
        } catch let error as PostgresError where error.sqlState == .medicationStopInvalid {
            throw MesoError.invalid("\(.on)", Message(error.message))
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }

    /// The patient's medications with their latest stop, in the order recorded.
    static func medicationsQuery(mrn: String) -> PostgresQuery {
        """
        SELECT \(unsafeRaw: PatientMedication.columns)
          FROM patient_medication m JOIN patient p ON p.id = m.patient_id
          \(unsafeRaw: PatientMedication.latestStop)
         WHERE p.mrn = \(mrn) ORDER BY m.id
        """
    }
}
