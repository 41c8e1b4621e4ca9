import PostgresClient

/// Tracing lots to patients and patients to lots (`audit lot`, `audit patient`). Lots reach
/// patients only through session_usage: a session's session-use and waste ledger rows mirror its
/// usage rows, which `verify` proves (rule session-ledger). Prepared, so that a process tracing
/// many lots plans each statement once.
///
/// `audit lot` reads the lot trace (Schema/0008): one index-only range scan for every use of the
/// lot, whatever its size, then the details of the few cancelled sessions or sessions with adverse
/// events from session and adverse_event themselves. `audit patient` walks session_usage_patient,
/// then the session, patient and lot by primary key and the adverse events by session.
extension AuditService {
    /// Every session that drew from the lot, performed and cancelled, with its patient and adverse
    /// events; the lot's recall contact list follows from it. One round trip, one snapshot.
    public func lot(_ reference: LotRef) throws -> LotTrace {
        try MesoError.translating {
            guard let trace = try connection.fetch(Self.fetchLotTrace(reference), prepared: true) else {
                guard try !connection.query("SELECT 1 FROM product WHERE code = \(reference.productCode)").rows.isEmpty
                else {
                    throw MesoError.invalid("\(.product)", "No product has the code \(reference.productCode) (\(.product)).")
                }
                throw MesoError.invalid("\(.lot)", "\(reference.productCode) has no lot \(reference.lotNumber) (\(.lot)).")
            }
            return trace
        }
    }

    /// Every lot the patient received, session by session, performed and cancelled, with whether
    /// each lot has been recalled since, and every session that went ahead over a block. One round
    /// trip, one snapshot.
    public func patient(mrn: MRN) throws -> PatientLotHistory {
        let mrn = mrn.text
        return try MesoError.translating {
            let (result, overriddenBlocks) = try connection.fetch(
                Fetch.all(
                    Fetch(Self.patientHistoryQuery(mrn: mrn)) { $0 },
                    Fetch(OverriddenBlock.query(mrn: mrn)) { try $0.rows.map(OverriddenBlock.init(row:)) }),
                prepared: true)
            guard let first = result.first else { throw PatientService.unknown(mrn, field: "MRN") }
            var logins: [Int64: String] = [:]
            for row in result.rows {
                if let session: Int64 = try row.decode("session_id") { logins[session] = try row.decode("recorded_login") }
            }
            return PatientLotHistory(
                patientID: try first.decode("id"), mrn: try first.decode("mrn"), name: try first.decode("patient_name"),
                birthDate: try first.decode("birth_date"), uses: try Self.uses(result.rows), recordedLogins: logins,
                overriddenBlocks: overriddenBlocks)
        }
    }

    /// What `lot(_:)` reads in one snapshot: the lot; every use of it from the lot trace, in the
    /// order performed; the cancellation and adverse events of those of its sessions the trace marks.
    /// Nil when no lot is so named. Public so that the plan test and MesoBench measure exactly this SQL.
    public static func fetchLotTrace(_ reference: LotRef) -> Fetch<LotTrace?> {
        let lotID: PostgresQuery =
            "(SELECT l.id FROM lot l WHERE l.product_code = \(reference.productCode) AND l.lot_number = \(reference.lotNumber))"
        return Fetch.all(
            Fetch(
                """
                SELECT \(unsafeRaw: TracedLot.columns)
                  FROM lot l
                  JOIN product lp ON lp.code = l.product_code
                  \(unsafeRaw: TracedLot.recallJoin)
                 WHERE l.product_code = \(reference.productCode) AND l.lot_number = \(reference.lotNumber)
                """
            ) { try $0.first.map(TracedLot.init(row:)) },
            // Every use in one value: the rows of the covering index, in its order, joined.
            Fetch(
                """
                SELECT string_agg(t.trace_line, E'\\n') AS trace_lines
                  FROM (SELECT t.trace_line FROM lot_trace t
                         WHERE t.lot_id = \(lotID)
                         ORDER BY t.performed_at, t.session_id) t
                """
            ) { $0.first },
            // The predicate is lot_trace_lot_exceptions' own, so that index answers it.
            Fetch(
                """
                SELECT u.session_id, \(unsafeRaw: LotUse.Aftermath.columns)
                  FROM lot_trace u
                  JOIN session s ON s.id = u.session_id
                  \(unsafeRaw: AdverseEvent.aggregatedJoin)
                 WHERE u.lot_id = \(lotID) AND (u.cancelled OR u.adverse_events > 0)
                """
            ) { result in
                var exceptions: [Int64: LotUse.Aftermath] = [:]
                for row in result.rows {
                    exceptions[try row.decode("session_id")] = try LotUse.Aftermath(row: row)
                }
                return exceptions
            }
        ).map { lot, trace, exceptions in
            guard let lot else { return nil }
            // Each line becomes its use as it is read, with the lot and the sessions' aftermath at hand.
            let uses = try trace?.withBytes(at: 0, wanted: "a lot trace") { bytes throws(PostgresDecodingFailure) in
                guard let bytes else { return [LotUse]() }
                return try LotTraceLines.uses(
                    in: bytes, { LotUse(traceLine: $0, lot: lot, exceptions: exceptions) },
                    orderedBy: { ($0.performedAt, $0.sessionID) })
            }
            return LotTrace(lot: lot, uses: uses ?? [])
        }
    }

    /// The one statement `patient(mrn:)` runs: the patient (one row with NULL usage columns when
    /// they received nothing), then one row per session and lot.
    public static func patientHistoryQuery(mrn: String) -> PostgresQuery {
        """
        SELECT pt.id, pt.mrn, pt.name AS patient_name, pt.birth_date, \(unsafeRaw: LotUse.columns), s.recorded_login,
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

    /// The usage rows of a patient's history; a row without a session is the patient alone.
    private static func uses(_ rows: [PostgresRow]) throws(PostgresError) -> [LotUse] {
        var uses: [LotUse] = []
        uses.reserveCapacity(rows.count)
        for row in rows {
            guard try row.decode("session_id", as: Int64?.self) != nil else { continue }
            uses.append(try LotUse(row: row))
        }
        return uses
    }
}
