#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// Every `receipt` row of the ledger belongs to exactly one receipt of the same lot, which brought
    /// exactly that: its vials × the product's vial volume; and a lot's received_at is its earliest
    /// receipt.
    func receipts(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            WITH pairs AS (
                SELECT coalesce(m.lot_id, r.lot_id) AS lot_id, m.id AS movement_id, r.id AS receipt_id,
                       m.quantity_ml, r.received_ml, r.vials * p.vial_ml AS vials_ml, r.lot_id AS receipt_lot,
                       m.lot_id AS movement_lot
                  FROM (SELECT * FROM stock_movement WHERE kind = 'receipt') m
                  FULL JOIN lot_receipt r ON r.movement_id = m.id
                  LEFT JOIN lot rl ON rl.id = r.lot_id
                  LEFT JOIN product p ON p.code = rl.product_code
            ), wrong AS (
                SELECT lot_id, movement_id, receipt_id, quantity_ml, received_ml,
                       CASE WHEN receipt_id IS NULL THEN 'no-receipt'
                            WHEN movement_id IS NULL THEN 'no-movement'
                            WHEN receipt_lot <> movement_lot THEN 'other-lot'
                            WHEN quantity_ml <> received_ml THEN 'quantity'
                            ELSE 'vials' END AS problem
                  FROM pairs
                 WHERE receipt_id IS NULL OR movement_id IS NULL OR receipt_lot <> movement_lot
                    OR quantity_ml <> received_ml OR received_ml <> vials_ml
                UNION ALL
                SELECT l.id, NULL, NULL, NULL, NULL, 'first-arrival'
                  FROM lot l JOIN (SELECT lot_id, min(received_at) AS first_at FROM lot_receipt GROUP BY lot_id) f
                    ON f.lot_id = l.id
                 WHERE f.first_at <> l.received_at
            )
            SELECT w.*, l.product_code, l.lot_number FROM wrong w JOIN lot l ON l.id = w.lot_id
             ORDER BY l.product_code, l.lot_number, w.movement_id, w.receipt_id
            """
        ).rows.map { row in
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let movement: Int64? = try row.decode("movement_id")
            let receipt: Int64? = try row.decode("receipt_id")
            let lot = Self.label(product, lotNumber)
            let message: String
            switch try row.decode("problem", as: String.self) {
            case "no-receipt":
                message = "Ledger row \(movement ?? 0) receives stock into \(lot) without a receipt (when, how many vials, from whom)."
            case "no-movement":
                message = "Receipt \(receipt ?? 0) of \(lot) has no receipt row of its own in the ledger."
            case "other-lot":
                message = "Receipt \(receipt ?? 0) of \(lot) names ledger row \(movement ?? 0) of another lot."
            case "quantity":
                message = "Receipt \(receipt ?? 0) of \(lot) brought \(Self.ml(try row.decode("received_ml"))) but its ledger row \(movement ?? 0) records \(Self.ml(try row.decode("quantity_ml")))."
            case "vials":
                message = "Receipt \(receipt ?? 0) of \(lot) records \(Self.ml(try row.decode("received_ml"))), which is not its vials times the product's vial volume."
            default:
                message = "Lot \(lotNumber) of \(product) is recorded as first received at another time than its earliest receipt."
            }
            return Discrepancy(
                rule: .receipt, productCode: product, lotNumber: lotNumber, movementID: movement, message: message)
        }
    }
}
