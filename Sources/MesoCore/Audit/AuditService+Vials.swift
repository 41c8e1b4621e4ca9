#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The rules of `verify` on receipts and vials (Schema/0015).
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

    /// Every vial holds what it held when opened plus the ledger rows that name it, and was opened by
    /// the earliest session that drew from it (a vial found open when vials were first followed, no
    /// later); vials and the rows naming them belong to multi-dose lots only; and what a multi-dose lot
    /// holds beside its vials, by its ledger, is a whole number of sealed vials, never negative.
    func vials(_ connection: PostgresConnection) throws -> [Discrepancy] {
        var found: [Discrepancy] = []
        let vialRows = try connection.query(
            """
            WITH ledger AS (
                SELECT m.vial_id, sum(m.quantity_ml) AS moved_ml, bool_or(m.lot_id <> v.lot_id) AS other_lot,
                       min(s.performed_at) FILTER (WHERE m.kind = 'session-use') AS first_draw_at
                  FROM stock_movement m JOIN vial v ON v.id = m.vial_id
                  LEFT JOIN session s ON s.id = m.session_id
                 WHERE m.vial_id IS NOT NULL
                 GROUP BY m.vial_id
            )
            SELECT v.id, v.remaining_ml, v.content_ml + coalesce(g.moved_ml, 0) AS ledger_ml, v.opened_at,
                   g.first_draw_at, v.opened_by_session, coalesce(g.other_lot, false) AS other_lot, p.single_use,
                   l.product_code, l.lot_number
              FROM vial v JOIN lot l ON l.id = v.lot_id JOIN product p ON p.code = l.product_code
              LEFT JOIN ledger g ON g.vial_id = v.id
             WHERE v.remaining_ml <> v.content_ml + coalesce(g.moved_ml, 0)
                OR coalesce(g.other_lot, false) OR p.single_use
                OR v.opened_at > g.first_draw_at
                OR (v.opened_by_session IS NOT NULL AND v.opened_at IS DISTINCT FROM g.first_draw_at)
             ORDER BY l.product_code, l.lot_number, v.id
            """
        ).rows
        for row in vialRows {
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let vial: Int64 = try row.decode("id")
            let recorded: Decimal = try row.decode("remaining_ml")
            let ledger: Decimal = try row.decode("ledger_ml")
            let lot = Self.label(product, lotNumber)
            let message: String
            if try row.decode("single_use", as: Bool.self) {
                message = "Vial \(vial) is recorded open on \(lot), a single-use product whose vials are never followed once open."
            } else if try row.decode("other_lot", as: Bool.self) {
                message = "Vial \(vial) of \(lot) is named by ledger rows of another lot."
            } else if recorded != ledger {
                message = "Vial \(vial) of \(lot) holds \(Self.ml(recorded)) on its row but its ledger rows leave \(Self.ml(ledger))."
            } else {
                message = "Vial \(vial) of \(lot) is recorded as opened at \(try row.decode("opened_at", as: Timestamp.self)), not by the first session that drew from it."
            }
            found.append(
                Discrepancy(
                    rule: .openVial, productCode: product, lotNumber: lotNumber, recordedML: recorded, expectedML: ledger,
                    message: message))
        }
        let lotRows = try connection.query(
            """
            WITH sealed AS (
                SELECT l.id, l.product_code, l.lot_number, p.vial_ml, p.single_use,
                       coalesce((SELECT sum(m.quantity_ml) FROM stock_movement m WHERE m.lot_id = l.id AND m.vial_id IS NULL), 0)
                       - coalesce((SELECT sum(v.content_ml) FROM vial v WHERE v.lot_id = l.id), 0) AS sealed_ml,
                       EXISTS (SELECT FROM stock_movement m WHERE m.lot_id = l.id AND m.vial_id IS NOT NULL) AS names_vials
                  FROM lot l JOIN product p ON p.code = l.product_code
            )
            SELECT * FROM sealed
             WHERE (NOT single_use AND (sealed_ml < 0 OR mod(sealed_ml, vial_ml) <> 0)) OR (single_use AND names_vials)
             ORDER BY product_code, lot_number
            """
        ).rows
        for row in lotRows {
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let sealed: Decimal = try row.decode("sealed_ml")
            let vialML: Decimal = try row.decode("vial_ml")
            let message =
                try row.decode("single_use", as: Bool.self)
                ? "Ledger rows of lot \(lotNumber) of \(product), a single-use product, name open vials."
                : "Lot \(lotNumber) of \(product) holds \(Self.ml(sealed)) beside its open vials by its ledger, which is not a whole number of its \(Self.ml(vialML)) sealed vials."
            found.append(
                Discrepancy(rule: .sealedVials, productCode: product, lotNumber: lotNumber, recordedML: sealed, message: message))
        }
        return found
    }
}
