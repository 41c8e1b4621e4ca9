#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
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
