import Foundation
import MesoCore
import PostgresClient

/// Stock and sessions written with plain SQL, row by row as `lot receive` and `session record` write
/// them, so that the readers of the ledger (audit, reports) and the roles can be tested on their own.
/// The catalog comes from the fixtures (`meso db seed`, `TestDatabase.seeded`). Every statement runs as the connection's login, so the
/// same calls prove what a role may and may not write.
public enum LedgerFixture {
    /// One lot's part in a session: the volume injected and the opened single-use remainder wasted.
    public struct Draw: Sendable {
        public let lotID: Int64
        public let volumeML: Decimal
        public let wasteML: Decimal

        public init(lot lotID: Int64, volume volumeML: String, waste wasteML: String = "0") {
            self.lotID = lotID
            self.volumeML = Decimal(string: volumeML)!
            self.wasteML = Decimal(string: wasteML)!
        }
    }

    /// Receives `vials` vials of `product` as lot `lot`, expiring `expiresInDays` days from today:
    /// the lot with nothing on hand, its receipt (whose trigger sets the balance), and its release
    /// unless it stays in quarantine. Returns the lot's id.
    @discardableResult
    public static func receiveLot(
        _ connection: PostgresConnection, product: String, lot: String, vials: Int, expiresInDays: Int,
        receivedDaysAgo: Int = 0, released: Bool = true, actor: String = "pharmacist"
    ) throws -> Int64 {
        try receive(
            connection, product: product, lot: lot, vials: vials, expiry: "current_date + \(expiresInDays)::int",
            receivedAt: "now() - make_interval(days => \(receivedDaysAgo)::int)",
            status: released ? .released : .quarantined, onHandML: nil, actor: actor)
    }

    /// Receives `vials` vials of `product` as lot `lot` expiring on `expiry`, puts it in `status`
    /// and, when `onHandML` is given, writes the rest off as waste so that the lot holds exactly that.
    /// Returns the lot's id.
    ///
    /// - Parameter receivedAt: for lots that must look expired: the schema refuses a lot received
    ///   after its expiry, so an expired lot is received in the past. Now when nil.
    @discardableResult
    public static func receiveLot(
        _ connection: PostgresConnection, product: String, lot: String, vials: Int, expiry: CalendarDate,
        status: LotStatus = .released, onHandML: Decimal? = nil, receivedAt: Timestamp? = nil,
        actor: String = "pharmacist"
    ) throws -> Int64 {
        try receive(
            connection, product: product, lot: lot, vials: vials, expiry: "\(expiry)",
            receivedAt: receivedAt.map { "\($0)" } ?? "now()", status: status, onHandML: onHandML, actor: actor)
    }

    /// The lot as quarantined with nothing on hand, its receipt (whose trigger sets the balance),
    /// the waste that leaves `onHandML`, then the status change to `status` (a lot reaches released,
    /// recalled or destroyed only through its status log).
    private static func receive(
        _ connection: PostgresConnection, product: String, lot: String, vials: Int, expiry: PostgresQuery,
        receivedAt: PostgresQuery, status: LotStatus, onHandML: Decimal?, actor: String
    ) throws -> Int64 {
        try connection.transaction { connection in
            let received = try connection.query(
                """
                WITH new_lot AS (
                    INSERT INTO lot (product_code, lot_number, expiry, status, vials_received, received_ml, received_by, received_at)
                    SELECT code, \(lot), \(expiry), 'quarantined', \(vials), \(vials) * vial_ml, \(actor), \(receivedAt)
                      FROM product WHERE code = \(product)
                    RETURNING id, received_ml, received_at
                )
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor)
                SELECT id, 'receipt', received_ml, 0, \(actor) FROM new_lot
                RETURNING lot_id, quantity_ml
                """
            ).first
            guard let received else { throw FixtureError("no product \(product)") }
            let id: Int64 = try received.decode("lot_id")
            let receivedML: Decimal = try received.decode("quantity_ml")
            if let onHandML, onHandML < receivedML {
                try connection.query(
                    """
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
                    VALUES (\(id), 'waste', \(onHandML - receivedML), 0, \(actor), 'Partly used before the test')
                    """)
            }
            if status != .quarantined {
                let reason = status == .released ? "Certificate of analysis checked" : "Set by the test fixture"
                try connection.query(
                    """
                    INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by)
                    VALUES (\(id), \(status.rawValue), \(reason), \(actor))
                    """)
            }
            return id
        }
    }

    /// Changes a lot's status (recall, destroy, ...) through its status-change row.
    public static func changeStatus(
        _ connection: PostgresConnection, lot lotID: Int64, to status: String, actor: String = "pharmacist"
    ) throws {
        try connection.query(
            "INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by) VALUES (\(lotID), \(status), 'test', \(actor))")
    }

    /// Writes a stock movement that belongs to no session (waste, count adjustment, destruction).
    @discardableResult
    public static func move(
        _ connection: PostgresConnection, lot lotID: Int64, kind: String, ml: String, actor: String = "pharmacist"
    ) throws -> Int64 {
        try connection.query(
            """
            INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason)
            VALUES (\(lotID), \(kind), \(Decimal(string: ml)!), 0, \(actor), 'test')
            RETURNING id
            """
        ).rows[0].decode("id")
    }

    /// Records a performed session of the formula's latest version for the patient, with its usage
    /// rows and the session-use and waste ledger rows they imply. Returns the session's id.
    @discardableResult
    public static func recordSession(
        _ connection: PostgresConnection, patient mrn: String, formula: String, draws: [Draw],
        performedDaysAgo: Int = 0, practitioner: String = "Dr Practitioner"
    ) throws -> Int64 {
        try connection.transaction { connection in
            let session = try connection.query(
                """
                INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, verdict, recorded_by)
                SELECT p.id, f.formula_code, f.version, \(practitioner), now() - make_interval(days => \(performedDaysAgo)::int),
                       'PASS', \(practitioner)
                  FROM patient p,
                       (SELECT formula_code, max(version) AS version FROM formula_version
                         WHERE formula_code = \(formula) GROUP BY formula_code) f
                 WHERE p.mrn = \(mrn)
                RETURNING id, patient_id, performed_at
                """
            ).rows[0]
            let id: Int64 = try session.decode("id")
            let patientID: Int64 = try session.decode("patient_id")
            let performedAt: Timestamp = try session.decode("performed_at")
            for draw in draws {
                try connection.query(
                    """
                    INSERT INTO session_usage (session_id, patient_id, performed_at, lot_id, volume_ml, waste_ml)
                    VALUES (\(id), \(patientID), \(performedAt), \(draw.lotID), \(draw.volumeML), \(draw.wasteML))
                    """)
                try connection.query(
                    """
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, session_id, patient_id)
                    VALUES (\(draw.lotID), 'session-use', \(-draw.volumeML), 0, \(practitioner), \(id), \(patientID))
                    """)
                if draw.wasteML > 0 {
                    try connection.query(
                        """
                        INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason, session_id, patient_id)
                        VALUES (\(draw.lotID), 'waste', \(-draw.wasteML), 0, \(practitioner),
                                'Opened single-use vial remainder', \(id), \(patientID))
                        """)
                }
            }
            return id
        }
    }

    /// Cancels a session: its status, and a reversal of each of its session-use and waste rows.
    public static func cancelSession(
        _ connection: PostgresConnection, _ sessionID: Int64, actor: String = "Dr Practitioner"
    ) throws {
        try connection.transaction { connection in
            try connection.query(
                """
                UPDATE session SET status = 'cancelled', cancelled_at = now(), cancelled_by = \(actor),
                       cancel_reason = 'Recorded for the wrong patient'
                 WHERE id = \(sessionID)
                """)
            try connection.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, reason, session_id, patient_id, reverses_id)
                SELECT lot_id, 'reversal', -quantity_ml, 0, \(actor), 'Session cancelled', session_id, patient_id, id
                  FROM stock_movement
                 WHERE session_id = \(sessionID) AND kind IN ('session-use', 'waste')
                 ORDER BY id
                """)
        }
    }

    public struct FixtureError: Error, CustomStringConvertible {
        public let description: String
        public init(_ description: String) { self.description = description }
    }
}
