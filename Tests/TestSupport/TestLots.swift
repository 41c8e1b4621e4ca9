import Foundation
import MesoCore
import PostgresClient

/// TEST SETUP ONLY: puts lots in a test database by SQL, the way the schema requires a receipt to
/// be written (Schema/0002: the lot row with on_hand 0, its `receipt` ledger row in the same
/// transaction, and `lot_status_change` rows for its status). It stands in for `meso lot receive`,
/// which another branch builds; it is not how the product receives stock and checks nothing a
/// pharmacist would.
public enum TestLots {
    /// Receives `vials` whole vials of `product` as lot `lot`, then sets its status and, when
    /// `onHandML` is given, writes the difference off as waste so the lot holds exactly that.
    ///
    /// - Parameter receivedAt: for lots that must look expired: the schema refuses a lot received
    ///   after its expiry, so an expired lot is received in the past.
    @discardableResult
    public static func receive(
        on connection: PostgresConnection, product: String, lot: String, expiry: String, vials: Int,
        status: LotStatus = .released, onHandML: Decimal? = nil, receivedAt: String? = nil
    ) throws -> Int64 {
        let expiryDate = try requireDate(expiry)
        let receivedTime = try receivedAt.map { text -> Timestamp in
            guard let time = Timestamp(iso: text) else { throw TestLotError("receivedAt \(text) is not ISO 8601") }
            return time
        }
        return try connection.transaction { connection in
            guard
                let row = try connection.query(
                    """
                    INSERT INTO lot (product_code, lot_number, expiry, status, vials_received, received_ml, received_by, received_at)
                    SELECT code, \(lot), \(expiryDate), 'quarantined', \(vials), \(vials) * vial_ml, 'test-setup',
                           coalesce(\(receivedTime), now())
                      FROM product WHERE code = \(product)
                    RETURNING id, received_ml
                    """
                ).first
            else { throw TestLotError("no product \(product) in the test database") }
            let id: Int64 = try row.decode("id")
            let received: Decimal = try row.decode("received_ml")
            try connection.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, actor, recorded_at)
                VALUES (\(id), 'receipt', \(received), 'test-setup', coalesce(\(receivedTime), now()))
                """)
            if let onHandML, onHandML < received {
                try connection.query(
                    """
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor)
                    VALUES (\(id), 'waste', \(onHandML - received), 'test setup: partly used', 'test-setup')
                    """)
            }
            // A lot enters as quarantined; released and recalled are reached through the status log.
            if status != .quarantined {
                try connection.query(
                    """
                    INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by)
                    VALUES (\(id), \(status.rawValue), 'test setup', 'test-setup')
                    """)
            }
            return id
        }
    }

    private static func requireDate(_ text: String) throws -> CalendarDate {
        guard let date = CalendarDate(iso: text) else { throw TestLotError("expiry \(text) is not YYYY-MM-DD") }
        return date
    }
}

public struct TestLotError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
