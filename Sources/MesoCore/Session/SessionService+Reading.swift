import PostgresClient

extension SessionService {
    /// Sessions in the order they were performed, of one patient or of all.
    public func list(patient: MRN? = nil) throws -> [Session] {
        var sessions: [Session] = []
        try list(patient: patient, batchSize: 10_000) { sessions += $0 }
        return sessions
    }

    /// The same sessions, `batchSize` at a time as they are read from one snapshot: years of a
    /// clinic's sessions are listed without being held in memory whole.
    public func list(patient: MRN?, batchSize: Int, _ body: ([Session]) throws -> Void) throws {
        let mrn = patient?.text
        try MesoError.translating {
            if let mrn, try connection.query("SELECT 1 FROM patient WHERE mrn = \(mrn)").rows.isEmpty {
                throw PatientService.unknown(mrn, field: "\(.patient)")
            }
            let query: PostgresQuery = """
                SELECT \(unsafeRaw: Session.columns) FROM \(unsafeRaw: Session.source)
                 WHERE \(mrn)::text IS NULL OR p.mrn = \(mrn)
                 ORDER BY s.performed_at, s.id
                """
            try connection.forEachBatch(query, batchSize: batchSize) { rows in
                try body(try rows.map(Session.init(row:)))
            }
        }
    }

    /// One session with its findings, lots, ledger rows and adverse events, read in one snapshot
    /// and one round trip. Findings come through session_finding_shown (Schema/0012): a login that
    /// may not read the patient's clinical data sees their rule and severity, not their details.
    public func show(id: Int64) throws -> SessionRecord {
        try MesoError.translating {
            guard let record = try Self.record(id: id, on: connection) else { throw Self.unknown(id) }
            return record
        }
    }

    static func record(id: Int64, on connection: PostgresConnection) throws -> SessionRecord? {
        try connection.fetch(
            Fetch.all(
                Fetch("SELECT \(unsafeRaw: Session.columns) FROM \(unsafeRaw: Session.source) WHERE s.id = \(id)") {
                    try $0.first.map(Session.init(row:))
                },
                Fetch(
                    """
                    SELECT \(unsafeRaw: SessionFinding.columns)
                      FROM session_finding_shown WHERE session_id = \(id) ORDER BY position
                    """
                ) { try $0.rows.map(SessionFinding.init(row:)) },
                Fetch(
                    """
                    SELECT u.lot_id, l.product_code, pr.name AS product_name, l.lot_number, l.expiry, u.volume_ml, u.waste_ml
                      FROM session_usage u JOIN lot l ON l.id = u.lot_id JOIN product pr ON pr.code = l.product_code
                     WHERE u.session_id = \(id) ORDER BY u.id
                    """
                ) { try $0.rows.map(SessionUsage.init(row:)) },
                Fetch(
                    """
                    SELECT m.id, m.kind, m.quantity_ml, m.balance_after_ml, m.reason, m.actor, m.recorded_at, m.session_id,
                           m.patient_id, m.reverses_id, m.vial_id, l.product_code, l.lot_number
                      FROM stock_movement m JOIN lot l ON l.id = m.lot_id
                     WHERE m.session_id = \(id) ORDER BY m.id
                    """
                ) { $0.rows },
                Fetch("SELECT \(unsafeRaw: AdverseEvent.columns) FROM adverse_event_shown WHERE session_id = \(id) ORDER BY id") {
                    try $0.rows.map(AdverseEvent.init(row:))
                }
            ).map { session, findings, usage, ledger, adverseEvents in
                try session.map { session in
                    SessionRecord(
                        session: session, findings: findings, usage: usage,
                        ledger: try ledger.map { row in
                            LedgerEntry(
                                movement: try StockMovement(row: row), productCode: try row.decode("product_code"),
                                lotNumber: try row.decode("lot_number"), patientMRN: session.patientMRN)
                        },
                        adverseEvents: adverseEvents)
                }
            })
    }

    static func unknown(_ id: Int64) -> MesoError {
        .invalid("ID", "No session has the ID \(id).")
    }
}
