#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The rules of `verify` that Schema/0012 makes the database keep for every new row, checked on
/// every stored row, so that a database changed before that migration is caught too.
extension AuditService {
    /// A usage row carries its session's time; a session injected something.
    func sessionUsage(_ connection: PostgresConnection) throws -> [Discrepancy] {
        let wrongTimes = try connection.query(
            """
            SELECT u.session_id, u.performed_at, s.performed_at AS session_performed_at, l.product_code, l.lot_number
              FROM session_usage u JOIN session s ON s.id = u.session_id JOIN lot l ON l.id = u.lot_id
             WHERE u.performed_at <> s.performed_at
             ORDER BY u.session_id, l.product_code, l.lot_number
            """
        ).rows.map { row in
            let session: Int64 = try row.decode("session_id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let usedAt: Timestamp = try row.decode("performed_at")
            let performedAt: Timestamp = try row.decode("session_performed_at")
            return Discrepancy(
                rule: .usageTime, productCode: product, lotNumber: lotNumber, sessionID: session,
                message: "Session \(session)'s usage row of \(Self.label(product, lotNumber)) says \(usedAt), but the session was performed at \(performedAt).")
        }
        let empty = try connection.query(
            """
            SELECT s.id FROM session s WHERE NOT EXISTS (SELECT FROM session_usage u WHERE u.session_id = s.id) ORDER BY s.id
            """
        ).rows.map { row in
            let session: Int64 = try row.decode("id")
            return Discrepancy(
                rule: .sessionLedger, sessionID: session,
                message: "Session \(session) has no usage row: every session injects something from some lot.")
        }
        return wrongTimes + empty
    }

    /// A back-dated time lies within what the CLI allows around when its row was written: a
    /// session's performed_at and a lot's received_at at most 10 minutes after it and a year (and
    /// 10 minutes) before it; an override is written with its session.
    func backdatedTimes(_ connection: PostgresConnection) throws -> [Discrepancy] {
        let bounds = "interval '10 minutes'"
        let year = "interval '366 days' + interval '10 minutes'"
        let sessions = try connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT id, performed_at, recorded_at, override_at FROM session
                     WHERE performed_at > recorded_at + \(bounds) OR performed_at < recorded_at - (\(year))
                        OR override_at <> recorded_at
                     ORDER BY id
                    """)
        ).rows.map { row in
            let session: Int64 = try row.decode("id")
            let performed: Timestamp = try row.decode("performed_at")
            let recorded: Timestamp = try row.decode("recorded_at")
            let overrideAt: Timestamp? = try row.decode("override_at")
            let withinBounds =
                performed <= recorded.adding(seconds: ClockTolerance.seconds)
                && performed >= recorded.adding(seconds: -(FieldText.longestBackdatingDays * 86_400 + ClockTolerance.seconds))
            return Discrepancy(
                rule: .backdatedTime, sessionID: session,
                message: withinBounds
                    ? "Session \(session)'s override is dated \(overrideAt.map { "\($0)" } ?? "never"), not when the session was written (\(recorded))."
                    : "Session \(session) says it was performed at \(performed), outside the year before and the 10 minutes after it was written (\(recorded)).")
        }
        let lots = try connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT product_code, lot_number, received_at, recorded_at FROM lot
                     WHERE received_at > recorded_at + \(bounds) OR received_at < recorded_at - (\(year))
                     ORDER BY product_code, lot_number
                    """)
        ).rows.map { row in
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let received: Timestamp = try row.decode("received_at")
            let recorded: Timestamp = try row.decode("recorded_at")
            return Discrepancy(
                rule: .backdatedTime, productCode: product, lotNumber: lotNumber,
                message: "Lot \(lotNumber) of \(product) says it arrived at \(received), outside the year before and the 10 minutes after it was written (\(recorded)).")
        }
        return sessions + lots
    }

    /// A formula version has at least one component.
    func formulaComponents(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT v.formula_code, v.version FROM formula_version v
             WHERE NOT EXISTS (SELECT FROM formula_component c WHERE c.formula_code = v.formula_code AND c.version = v.version)
             ORDER BY v.formula_code, v.version
            """
        ).rows.map { row in
            let formula: String = try row.decode("formula_code")
            let version: Int = try row.decode("version")
            return Discrepancy(
                rule: .formulaComponents,
                message: "Formula \(formula) version \(version) has no components: a session of it would inject nothing.")
        }
    }
}
