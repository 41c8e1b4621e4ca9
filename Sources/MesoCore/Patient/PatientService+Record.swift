import PostgresClient

/// Reading a patient's record: the patient, allergies, conditions, medications.
extension PatientService {
    /// Reads a patient's record; nil when no patient has the MRN. With `locking`, the patient's row
    /// is locked `FOR UPDATE` first: an allergy, condition or medication being recorded at that
    /// moment (its foreign key takes a share lock on the row) is then either committed before the
    /// rest is read, or waits until the caller's transaction ends.
    static func fetchRecord(mrn: String, locking: Bool = false) -> Fetch<PatientRecord?> {
        Fetch.all(
            Fetch("SELECT \(unsafeRaw: patientColumns) FROM patient WHERE mrn = \(mrn)\(unsafeRaw: locking ? " FOR UPDATE" : "")") {
                try $0.first.map(Patient.init(row:))
            },
            Fetch(allergiesQuery(mrn: mrn)) { try $0.rows.map(PatientAllergy.init(row:)) },
            Fetch(
                """
                SELECT \(unsafeRaw: PatientCondition.columns)
                  FROM \(unsafeRaw: PatientCondition.source) JOIN patient p ON p.id = c.patient_id
                 WHERE p.mrn = \(mrn) ORDER BY c.id
                """
            ) { try $0.rows.map(PatientCondition.init(row:)) },
            Fetch(medicationsQuery(mrn: mrn)) { try $0.rows.map(PatientMedication.init(row:)) }
        ).map { patient, allergies, conditions, medications in
            patient.map {
                PatientRecord(patient: $0, allergies: allergies, conditions: conditions, medications: medications)
            }
        }
    }

    /// Every allergy record of the patient in its current state (its latest amendment), with the
    /// compound's groups and source for the check.
    static func allergiesQuery(mrn: String) -> PostgresQuery {
        """
        SELECT a.id, a.compound_code, a.group_code, coalesce(co.name, g.name) AS substance_name,
               coalesce(am.criticality, a.criticality) AS criticality,
               coalesce(am.verification, a.verification) AS verification, a.reaction, a.recorded_at, a.recorded_by,
               co.role AS compound_role, co.source AS compound_source,
               array(SELECT m.group_code FROM allergen_group_member m
                      WHERE m.compound_code = a.compound_code ORDER BY m.group_code) AS compound_groups
          FROM patient_allergy a
          JOIN patient p ON p.id = a.patient_id
          LEFT JOIN compound co ON co.code = a.compound_code
          LEFT JOIN allergen_group g ON g.code = a.group_code
          LEFT JOIN LATERAL (SELECT m.criticality, m.verification FROM patient_allergy_amendment m
                              WHERE m.allergy_id = a.id ORDER BY m.id DESC LIMIT 1) am ON true
         WHERE p.mrn = \(mrn)
         ORDER BY a.id
        """
    }
}
