import PostgresClient

/// Patients and the facts the pre-session check reads about them: allergies, the allergy
/// assessment, conditions, medications. Records are appended, never edited: a correction is a row of
/// its own (PatientService+Corrections.swift).
public struct PatientService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    public func add(_ request: NewPatient) throws -> Patient {
        do {
            let row = try connection.query(
                """
                INSERT INTO patient (mrn, name, birth_date, weight_kg, created_by)
                VALUES (\(request.mrn), \(request.name), \(request.birthDate), \(request.weightKG), \(actor.name))
                RETURNING \(unsafeRaw: Self.patientColumns)
                """
            ).first!
            return try MesoError.translating { try Patient(row: row) }
        } catch let error as PostgresError where error.sqlState == .uniqueViolation && error.constraint == "patient_mrn_unique" {
            throw MesoError.invalid("MRN", "A patient with MRN \(request.mrn) is already registered.")
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }

    /// Every patient, by MRN.
    public func list() throws -> [Patient] {
        try MesoError.translating {
            try connection.query("SELECT \(unsafeRaw: Self.patientColumns) FROM patient ORDER BY mrn").rows.map {
                try Patient(row: $0)
            }
        }
    }

    /// The patient with allergies, conditions (active and ended) and medications, and the history
    /// of their corrections, read in one round trip and one snapshot.
    public func show(mrn: MRN) throws -> PatientRecord {
        let mrn = mrn.text
        return try MesoError.translating {
            let (record, history) = try connection.fetch(Fetch.all(Self.fetchRecord(mrn: mrn), Self.fetchHistory(mrn: mrn)))
            guard let record else { throw Self.unknown(mrn, field: "MRN") }
            return record.with(history)
        }
    }

    /// Appends an allergy record; the patient's assessment becomes "listed" (a trigger does it in
    /// the same statement).
    public func addAllergy(_ request: NewAllergy) throws -> PatientAllergy {
        let compound: String? = if case .compound(let code) = request.substance { code } else { nil }
        let group: String? = if case .group(let code) = request.substance { code } else { nil }
        do {
            return try connection.transaction { connection in
                guard
                    let inserted = try connection.query(
                        """
                        INSERT INTO patient_allergy (patient_id, compound_code, group_code, criticality, verification, reaction, recorded_by)
                        SELECT id, \(compound), \(group), \(request.criticality.rawValue), \(request.verification.rawValue),
                               \(request.reaction), \(actor.name)
                          FROM patient WHERE mrn = \(request.mrn)
                        RETURNING id
                        """
                    ).first
                else { throw Self.unknown(request.mrn.text, field: "MRN") }
                let id: Int64 = try inserted.decode("id")
                let rows = try connection.query(Self.allergiesQuery(mrn: request.mrn.text)).rows
                guard let row = try rows.first(where: { try $0.decode("id", as: Int64.self) == id }) else {
                    throw MesoError(.internal, "The allergy just recorded could not be read back.")
                }
                return try PatientAllergy(row: row)
            }
        } catch let error as PostgresError where error.sqlState == .foreignKeyViolation {
            if error.constraint == "patient_allergy_compound_code_fkey", let compound {
                throw MesoError.invalid("\(.compound)", "\(.compound) names \(compound), but no compound has that code.")
            }
            if error.constraint == "patient_allergy_group_code_fkey", let group {
                throw MesoError.invalid("\(.group)", "\(.group) names \(group), but no allergen group has that code.")
            }
            throw MesoError(error)
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }

    /// Records "no known allergies". Refused while an active allergy is on file: the record would
    /// contradict it, and the check would stop warning about an assessment that was never made.
    public func recordNoKnownAllergies(mrn: MRN) throws -> Patient {
        let mrn = mrn.text
        return try MesoError.translating {
            try connection.transaction { connection in
                // The row lock orders this against an allergy being recorded at the same moment
                // (its trigger updates the same row).
                guard try connection.query("SELECT id FROM patient WHERE mrn = \(mrn) FOR UPDATE").first != nil else {
                    throw Self.unknown(mrn, field: "MRN")
                }
                let active = try connection.query(Self.allergiesQuery(mrn: mrn)).rows.map { try PatientAllergy(row: $0) }
                    .filter(\.verification.isActive)
                if !active.isEmpty {
                    let names = active.map(\.substance.code).joined(separator: ", ")
                    throw MesoError.invalid(
                        "MRN",
                        "\(mrn) has \(active.count) active allerg\(active.count == 1 ? "y" : "ies") on file (\(names)), so no known allergies cannot be recorded."
                    )
                }
                return try Patient(
                    row: try connection.query(
                        """
                        UPDATE patient SET allergy_assessment = 'none-known' WHERE mrn = \(mrn)
                        RETURNING \(unsafeRaw: Self.patientColumns)
                        """
                    ).first!)
            }
        }
    }

    public func addCondition(_ request: NewCondition) throws -> PatientCondition {
        try MesoError.translating {
            guard
                let row = try connection.query(
                    """
                    WITH c AS (
                        INSERT INTO patient_condition (patient_id, kind, onset, note, recorded_by)
                        SELECT id, \(request.kind.rawValue), \(request.onset), \(request.note), \(actor.name)
                          FROM patient WHERE mrn = \(request.mrn)
                        RETURNING *
                    )
                    SELECT \(unsafeRaw: PatientCondition.columns)
                      FROM c LEFT JOIN LATERAL (SELECT NULL::date AS ended_on, NULL::text AS note) e ON true
                    """
                ).first
            else { throw Self.unknown(request.mrn.text, field: "MRN") }
            return try PatientCondition(row: row)
        }
    }

    public func addMedication(_ request: NewMedication) throws -> PatientMedication {
        try MesoError.translating {
            guard
                let row = try connection.query(
                    """
                    INSERT INTO patient_medication (patient_id, name, recorded_by)
                    SELECT id, \(request.name), \(actor.name) FROM patient WHERE mrn = \(request.mrn)
                    RETURNING \(unsafeRaw: PatientMedication.insertedColumns)
                    """
                ).first
            else { throw Self.unknown(request.mrn.text, field: "MRN") }
            return try PatientMedication(row: row)
        }
    }

    static func unknown(_ mrn: String, field: Message) -> MesoError {
        .invalid(field, "No patient has the MRN \(mrn).")
    }

    static let patientColumns =
        "id, mrn, name, birth_date, weight_kg, allergy_assessment, created_at, created_by"
}
