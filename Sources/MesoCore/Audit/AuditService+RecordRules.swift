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
    /// session's performed_at, a lot's and a receipt's received_at at most the clock tolerance
    /// (`meso_clock_tolerance()`) after it and a year (and the tolerance) before it; an override is
    /// written with its session.
    func backdatedTimes(_ connection: PostgresConnection) throws -> [Discrepancy] {
        let sessions = try connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT s.id, s.performed_at, s.recorded_at, o.override_at,
                           \(Self.bounded("s.performed_at", written: "s.recorded_at")) AS within_bounds
                      FROM session s
                      LEFT JOIN LATERAL (SELECT min(x.recorded_at) AS override_at FROM session_override_shown x
                                          WHERE x.session_id = s.id AND x.recorded_at <> s.recorded_at) o ON true
                     WHERE NOT \(Self.bounded("s.performed_at", written: "s.recorded_at")) OR o.override_at IS NOT NULL
                     ORDER BY s.id
                    """)
        ).rows.map { row in
            let session: Int64 = try row.decode("id")
            let performed: Timestamp = try row.decode("performed_at")
            let recorded: Timestamp = try row.decode("recorded_at")
            let overrideAt: Timestamp? = try row.decode("override_at")
            return Discrepancy(
                rule: .backdatedTime, sessionID: session,
                message: try row.decode("within_bounds", as: Bool.self)
                    ? "Session \(session)'s override is dated \(overrideAt.map { "\($0)" } ?? "never"), not when the session was written (\(recorded))."
                    : "Session \(session) says it was performed at \(performed), \(Self.outsideBounds) (\(recorded)).")
        }
        // A lot's first arrival and each receipt's arrival.
        let arrivals = try connection.query(
            PostgresQuery(
                unsafeSQL: """
                    SELECT NULL::bigint AS receipt_id, product_code, lot_number, received_at, recorded_at FROM lot
                     WHERE NOT \(Self.bounded("received_at"))
                    UNION ALL
                    SELECT r.id, l.product_code, l.lot_number, r.received_at, r.recorded_at
                      FROM lot_receipt r JOIN lot l ON l.id = r.lot_id
                     WHERE NOT \(Self.bounded("r.received_at", written: "r.recorded_at"))
                     ORDER BY product_code, lot_number, receipt_id NULLS FIRST
                    """)
        ).rows.map { row in
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let receipt: Int64? = try row.decode("receipt_id")
            let received: Timestamp = try row.decode("received_at")
            let recorded: Timestamp = try row.decode("recorded_at")
            let what = receipt.map { "Receipt \($0) of \(Self.label(product, lotNumber))" } ?? "Lot \(lotNumber) of \(product)"
            return Discrepancy(
                rule: .backdatedTime, productCode: product, lotNumber: lotNumber,
                message: "\(what) says it arrived at \(received), \(Self.outsideBounds) (\(recorded)).")
        }
        return sessions + arrivals
    }

    private static let outsideBounds = "outside the year before and the clock tolerance after it was written"

    /// The CHECK constraints' bounds (Schema/0012, 0015) on a back-dated column.
    private static func bounded(_ column: String, written: String = "recorded_at") -> String {
        """
        (\(column) <= \(written) + public.meso_clock_tolerance()
         AND \(column) >= \(written) - interval '\(FieldText.longestBackdatingDays) days' - public.meso_clock_tolerance())
        """
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
