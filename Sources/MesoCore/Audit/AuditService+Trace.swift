import PostgresClient

/// Tracing lots to patients and patients to lots (`audit lot`, `audit patient`). Each answer is one
/// statement, so it reads one snapshot, and each walks indexes only: session_usage_lot (which holds
/// every usage column read, for an index-only scan) or session_usage_patient, then the session,
/// patient and lot by primary key and the adverse events by session. Lots reach patients only
/// through session_usage: a session's session-use and waste ledger rows mirror its usage rows,
/// which `verify` proves (rule session-ledger). Prepared, so that a process tracing many lots plans
/// each statement once.
extension AuditService {
    /// Every session that drew from the lot, performed and cancelled, with its patient and adverse
    /// events; the lot's recall contact list follows from it.
    public func lot(_ reference: LotReference) throws -> LotTrace {
        try MesoError.translating {
            let rows = try connection.preparedQuery(Self.lotTraceQuery(reference)).rows
            guard let first = rows.first else {
                guard try !connection.query("SELECT 1 FROM product WHERE code = \(reference.productCode)").rows.isEmpty
                else {
                    throw MesoError.invalid("--product", "No product has the code \(reference.productCode) (--product).")
                }
                throw MesoError.invalid("--lot", "\(reference.productCode) has no lot \(reference.lotNumber) (--lot).")
            }
            let lot = try TracedLot(row: first)
            return LotTrace(lot: lot, uses: try Self.uses(rows, lot: lot))
        }
    }

    /// Every lot the patient received, session by session, performed and cancelled, with whether
    /// each lot has been recalled since.
    public func patient(mrn text: String) throws -> PatientLotHistory {
        let mrn = try FieldText.mrn(text, field: "MRN")
        return try MesoError.translating {
            let rows = try connection.preparedQuery(Self.patientHistoryQuery(mrn: mrn)).rows
            guard let first = rows.first else { throw PatientService.unknown(mrn, field: "MRN") }
            return PatientLotHistory(
                patientID: try first.decode("id"), mrn: try first.decode("mrn"), name: try first.decode("patient_name"),
                birthDate: try first.decode("birth_date"), uses: try Self.uses(rows))
        }
    }

    /// The one statement `lot(_:)` runs: the lot (one row with NULL usage columns when no session
    /// drew from it), then one row per session that did. Public so that the plan test and MesoBench
    /// measure exactly this SQL.
    public static func lotTraceQuery(_ reference: LotReference) -> PostgresQuery {
        """
        SELECT \(unsafeRaw: TracedLot.columns), \(unsafeRaw: LotUse.columns),
               pt.mrn, pt.name AS patient_name, pt.birth_date
          FROM lot l
          JOIN product lp ON lp.code = l.product_code
          \(unsafeRaw: TracedLot.recallJoin)
          LEFT JOIN session_usage u ON u.lot_id = l.id
          LEFT JOIN session s ON s.id = u.session_id
          LEFT JOIN patient pt ON pt.id = u.patient_id
          \(unsafeRaw: AdverseEvent.aggregatedJoin)
         WHERE l.product_code = \(reference.productCode) AND l.lot_number = \(reference.lotNumber)
         ORDER BY u.performed_at, u.session_id
        """
    }

    /// The one statement `patient(mrn:)` runs: the patient (one row with NULL usage columns when
    /// they received nothing), then one row per session and lot.
    public static func patientHistoryQuery(mrn: String) -> PostgresQuery {
        """
        SELECT pt.id, pt.mrn, pt.name AS patient_name, pt.birth_date, \(unsafeRaw: LotUse.columns),
               \(unsafeRaw: TracedLot.columns)
          FROM patient pt
          LEFT JOIN (session_usage u
                     JOIN session s ON s.id = u.session_id
                     JOIN lot l ON l.id = u.lot_id
                     JOIN product lp ON lp.code = l.product_code) ON u.patient_id = pt.id
          \(unsafeRaw: TracedLot.recallJoin)
          \(unsafeRaw: AdverseEvent.aggregatedJoin)
         WHERE pt.mrn = \(mrn)
         ORDER BY u.performed_at, u.session_id, l.product_code, l.lot_number
        """
    }

    /// The usage rows of a trace; a row without a session is the lot or patient alone. `lot` is the
    /// lot of every row when the trace is one lot's.
    private static func uses(_ rows: [PostgresRow], lot: TracedLot? = nil) throws(PostgresError) -> [LotUse] {
        var uses: [LotUse] = []
        uses.reserveCapacity(rows.count)
        for row in rows {
            guard try row.decode("session_id", as: Int64?.self) != nil else { continue }
            uses.append(try LotUse(row: row, lot: lot))
        }
        return uses
    }
}
