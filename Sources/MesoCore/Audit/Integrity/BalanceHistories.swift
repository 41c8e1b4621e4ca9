#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// Every ledger row's balance equals the running sum of its lot's rows in id order, and no point
    /// of that history is below zero. Reports the first row of each lot where either fails.
    func balanceHistories(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            WITH running AS (
                SELECT id, lot_id, balance_after_ml,
                       sum(quantity_ml) OVER (PARTITION BY lot_id ORDER BY id) AS running_ml
                  FROM stock_movement
            ), wrong AS (
                SELECT r.*, 'balance-history' AS rule FROM running r WHERE r.running_ml <> r.balance_after_ml
                UNION ALL
                SELECT r.*, 'negative-balance' FROM running r WHERE least(r.running_ml, r.balance_after_ml) < 0
            )
            SELECT DISTINCT ON (w.lot_id, w.rule)
                   w.rule, w.id, w.balance_after_ml, w.running_ml, l.product_code, l.lot_number,
                   count(*) OVER (PARTITION BY w.lot_id, w.rule) AS rows_affected
              FROM wrong w JOIN lot l ON l.id = w.lot_id
             ORDER BY w.lot_id, w.rule, w.id
            """
        ).rows.map { row in
            let rule: Discrepancy.Rule = try row.decode("rule", as: String.self) == "negative-balance" ? .negativeBalance : .balanceHistory
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let movement: Int64 = try row.decode("id")
            let recorded: Decimal = try row.decode("balance_after_ml")
            let running: Decimal = try row.decode("running_ml")
            let affected: Int = try row.decode("rows_affected")
            let more = affected > 1 ? " (\(affected) rows of this lot in all)" : ""
            let lot = Self.label(product, lotNumber)
            let message =
                rule == .balanceHistory
                ? "Movement \(movement) of \(lot) records a balance of \(Self.ml(recorded)) where its ledger sums to \(Self.ml(running))\(more)."
                : "Lot \(lotNumber) of \(product) went below zero at movement \(movement): recorded \(Self.ml(recorded)), ledger sum \(Self.ml(running))\(more)."
            return Discrepancy(
                rule: rule, productCode: product, lotNumber: lotNumber, movementID: movement, recordedML: recorded,
                expectedML: running, message: message)
        }
    }
}
