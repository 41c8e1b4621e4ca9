import Foundation
import PostgresClient

/// Stock and sessions written with plain SQL, row by row as `lot receive` and `session record` write
/// them, so that the readers of the ledger (audit, reports) and the roles can be tested on their own.
/// The catalog comes from `meso db seed`. Every statement runs as the connection's login, so the
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
        try connection.transaction { connection in
            let received = try connection.query(
                """
                WITH new_lot AS (
                    INSERT INTO lot (product_code, lot_number, expiry, status, vials_received, received_ml, received_by, received_at)
                    SELECT code, \(lot), current_date + \(expiresInDays)::int, 'quarantined', \(vials), \(vials) * vial_ml,
                           \(actor), now() - make_interval(days => \(receivedDaysAgo)::int)
                      FROM product WHERE code = \(product)
                    RETURNING id, received_ml, received_at
                )
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, balance_after_ml, actor, recorded_at)
                SELECT id, 'receipt', received_ml, 0, \(actor), received_at FROM new_lot
                RETURNING lot_id
                """)
            guard let id = try received.first?.decode("lot_id", as: Int64.self) else {
                throw FixtureError("no product \(product)")
            }
            if released {
                try connection.query(
                    """
                    INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by)
                    VALUES (\(id), 'released', 'Certificate of analysis checked', \(actor))
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
