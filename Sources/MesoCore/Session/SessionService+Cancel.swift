#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension SessionService {
    /// Cancels a session recorded by mistake: it stays, marked cancelled with who, when and why,
    /// and each of its session-use and waste ledger rows is reversed by exactly one new row that
    /// puts the volume back into its lot. Nothing is deleted.
    ///
    /// Only the database login that recorded the session, or a pharmacist's, may cancel it
    /// (Schema/0012's session_guard holds the same rule for every writer).
    ///
    /// Refused when the session is already cancelled, and when one of its lots has been destroyed
    /// since: a destroyed lot holds nothing and takes nothing back (Schema/0002), and its
    /// destruction already wrote off what was physically left; the session then stays on record
    /// as performed, which keeps its patient on that lot's recall list rather than off it.
    public func cancel(id: Int64, reason note: Note) throws -> SessionRecord {
        let reason = note.text
        return try MesoError.translating {
            try connection.pipelinedTransaction(prepared: true) { transaction in
                // The session, then its lots in id order: the lock order of `record`, after the patient.
                let (found, lots, reversed, caller) = try transaction.send(
                    Fetch.all(
                        Fetch("SELECT \(unsafeRaw: Session.columns) FROM \(unsafeRaw: Session.source) WHERE s.id = \(id) FOR UPDATE OF s") {
                            try $0.first.map(Session.init(row:))
                        },
                        Fetch(
                            """
                            SELECT l.id, l.product_code, l.lot_number, l.status
                              FROM public.meso_lock_lots(ARRAY(SELECT lot_id FROM stock_movement WHERE session_id = \(id))) l
                             ORDER BY l.id
                            """
                        ) { $0.rows },
                        Fetch(
                            """
                            SELECT m.id, m.lot_id FROM stock_movement m
                             WHERE m.session_id = \(id) AND m.kind IN ('session-use', 'waste')
                               AND NOT EXISTS (SELECT FROM stock_movement r WHERE r.reverses_id = m.id)
                             ORDER BY m.id
                            """
                        ) { try $0.rows.map { try $0.decode("id", as: Int64.self) } },
                        Fetch("SELECT session_user AS login, pg_has_role(session_user, 'meso_pharmacist', 'MEMBER') AS pharmacist") {
                            (login: try $0.rows[0].decode("login", as: String.self),
                             pharmacist: try $0.rows[0].decode("pharmacist", as: Bool.self))
                        }))
                guard let session = found else { throw Self.unknown(id) }
                let login = caller.login
                if session.recordedLogin != login, !caller.pharmacist {
                    throw MesoError(
                        .permissionDenied,
                        "Session \(id) was recorded by the login \(session.recordedLogin): only that login or a pharmacist may cancel it, not \(login).")
                }
                if let cancellation = session.cancellation {
                    throw MesoError.refused(
                        "Session \(id) was already cancelled on \(cancellation.at) by \(cancellation.by) (\(cancellation.reason)); a session is cancelled once.")
                }
                let destroyed = try lots.filter { try $0.decode("status", as: String.self) == LotStatus.destroyed.rawValue }
                if !destroyed.isEmpty {
                    let names = try destroyed.map {
                        "\(try $0.decode("lot_number", as: String.self)) of \(try $0.decode("product_code", as: String.self))"
                    }.joined(separator: ", ")
                    throw MesoError.refused(
                        "Session \(id) cannot be cancelled: it drew from lot \(names), destroyed since, which can take no stock back; the session stays on record as performed.")
                }
                try transaction.commit(with: [
                    """
                    UPDATE session SET status = 'cancelled', cancelled_at = now(), cancelled_by = \(actor.name),
                           cancel_reason = \(reason)
                     WHERE id = \(id)
                    """,
                    """
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor, session_id, patient_id, reverses_id)
                    SELECT m.lot_id, 'reversal', -m.quantity_ml, \("Session \(id) cancelled."), \(actor.name),
                           m.session_id, m.patient_id, m.id
                      FROM stock_movement m WHERE m.id = ANY(\(reversed)) ORDER BY m.id
                    """,
                ])
            }
            return try show(id: id)
        }
    }

    /// Records an adverse event after a performed session; its lots are the session's.
    public func addAdverseEvent(_ request: NewAdverseEvent) throws -> RecordedAdverseEvent {
        try MesoError.translating {
            let inserted = try connection.query(
                """
                INSERT INTO adverse_event (session_id, kind, severity, note, recorded_by)
                SELECT id, \(request.kind.rawValue), \(request.severity.rawValue), \(request.note), \(actor.name)
                  FROM session WHERE id = \(request.sessionID) AND status = 'performed'
                RETURNING \(unsafeRaw: AdverseEvent.columns)
                """
            ).first
            let record = try show(id: request.sessionID)
            guard let inserted else {
                let cancellation = record.session.cancellation
                throw MesoError.invalid(
                    "ID",
                    "Session \(request.sessionID) was cancelled\(cancellation.map { " on \($0.at) (\($0.reason))" } ?? ""): an adverse event is recorded against a session that was performed.")
            }
            return RecordedAdverseEvent(event: try AdverseEvent(row: inserted), session: record)
        }
    }
}
