#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
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
}
