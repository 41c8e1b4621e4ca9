#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// Per session and lot: the volume its usage rows record equals what its session-use rows took
    /// out, their single-use waste equals its waste rows, a cancelled session's rows are all
    /// reversed, and a performed session's none. Reversals count for the session of the row they reverse.
    func sessionLedgers(_ connection: PostgresConnection) throws -> [Discrepancy] {
        let rows = try connection.query(
            """
            WITH used AS (
                SELECT session_id, lot_id, sum(volume_ml) AS volume_ml, sum(waste_ml) AS waste_ml
                  FROM session_usage GROUP BY session_id, lot_id
            ), taken AS (
                SELECT session_id, lot_id,
                       coalesce(-sum(quantity_ml) FILTER (WHERE kind = 'session-use'), 0) AS use_ml,
                       coalesce(-sum(quantity_ml) FILTER (WHERE kind = 'waste'), 0) AS waste_ml
                  FROM stock_movement
                 WHERE session_id IS NOT NULL AND kind IN ('session-use', 'waste')
                 GROUP BY session_id, lot_id
            ), returned AS (
                SELECT o.session_id, o.lot_id, sum(r.quantity_ml) AS returned_ml
                  FROM stock_movement r JOIN stock_movement o ON o.id = r.reverses_id
                 WHERE r.kind = 'reversal' AND o.session_id IS NOT NULL
                 GROUP BY o.session_id, o.lot_id
            ), compared AS (
                SELECT session_id, lot_id,
                       coalesce(u.volume_ml, 0) AS usage_volume_ml, coalesce(u.waste_ml, 0) AS usage_waste_ml,
                       coalesce(t.use_ml, 0) AS ledger_use_ml, coalesce(t.waste_ml, 0) AS ledger_waste_ml,
                       coalesce(r.returned_ml, 0) AS returned_ml
                  FROM used u FULL JOIN taken t USING (session_id, lot_id) FULL JOIN returned r USING (session_id, lot_id)
            )
            SELECT c.*, s.status, l.product_code, l.lot_number
              FROM compared c
              JOIN session s ON s.id = c.session_id
              JOIN lot l ON l.id = c.lot_id
             WHERE c.usage_volume_ml <> c.ledger_use_ml
                OR c.usage_waste_ml <> c.ledger_waste_ml
                OR c.returned_ml <> CASE s.status WHEN 'cancelled' THEN c.ledger_use_ml + c.ledger_waste_ml ELSE 0 END
             ORDER BY c.session_id, l.product_code, l.lot_number
            """
        ).rows
        var found: [Discrepancy] = []
        for row in rows {
            let session: Int64 = try row.decode("session_id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let lot = Self.label(product, lotNumber)
            let usageVolume: Decimal = try row.decode("usage_volume_ml")
            let usageWaste: Decimal = try row.decode("usage_waste_ml")
            let ledgerUse: Decimal = try row.decode("ledger_use_ml")
            let ledgerWaste: Decimal = try row.decode("ledger_waste_ml")
            let returned: Decimal = try row.decode("returned_ml")
            func add(_ rule: Discrepancy.Rule, _ recorded: Decimal, _ expected: Decimal, _ message: String) {
                found.append(
                    Discrepancy(
                        rule: rule, productCode: product, lotNumber: lotNumber, sessionID: session,
                        recordedML: recorded, expectedML: expected, message: message))
            }
            if usageVolume != ledgerUse {
                add(
                    .sessionLedger, usageVolume, ledgerUse,
                    "Session \(session) records \(Self.ml(usageVolume)) injected from \(lot) but its session-use ledger rows take out \(Self.ml(ledgerUse)).")
            }
            if usageWaste != ledgerWaste {
                add(
                    .sessionLedger, usageWaste, ledgerWaste,
                    "Session \(session) records \(Self.ml(usageWaste)) of opened-vial waste from \(lot) but its waste ledger rows take out \(Self.ml(ledgerWaste)).")
            }
            if try row.decode("status", as: String.self) == "cancelled" {
                let taken = ledgerUse + ledgerWaste
                if returned != taken {
                    add(
                        .sessionReversal, returned, taken,
                        "Session \(session) is cancelled but its reversals put back \(Self.ml(returned)) of the \(Self.ml(taken)) it took from \(lot).")
                }
            } else if returned != 0 {
                add(
                    .sessionReversal, returned, 0,
                    "Session \(session) was not cancelled but reversals put back \(Self.ml(returned)) it took from \(lot).")
            }
        }
        return found
    }
}
