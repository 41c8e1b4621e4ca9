#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// Cached balance = SUM(ledger) for every lot; a destroyed lot holds nothing.
    func cachedBalances(_ connection: PostgresConnection) throws -> [Discrepancy] {
        let rows = try connection.query(
            """
            SELECT l.product_code, l.lot_number, l.status, l.on_hand_ml, coalesce(m.ledger_ml, 0) AS ledger_ml
              FROM lot l
              LEFT JOIN (SELECT lot_id, sum(quantity_ml) AS ledger_ml FROM stock_movement GROUP BY lot_id) m
                ON m.lot_id = l.id
             WHERE l.on_hand_ml <> coalesce(m.ledger_ml, 0)
                OR (l.status = 'destroyed' AND (l.on_hand_ml <> 0 OR coalesce(m.ledger_ml, 0) <> 0))
             ORDER BY l.product_code, l.lot_number
            """
        ).rows
        var found: [Discrepancy] = []
        for row in rows {
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let cached: Decimal = try row.decode("on_hand_ml")
            let ledger: Decimal = try row.decode("ledger_ml")
            if cached != ledger {
                found.append(
                    Discrepancy(
                        rule: .cachedBalance, productCode: product, lotNumber: lotNumber, recordedML: cached,
                        expectedML: ledger,
                        message: "Lot \(lotNumber) of \(product) holds \(Self.ml(cached)) on its row but its ledger rows sum to \(Self.ml(ledger))."))
            }
            if try row.decode("status", as: String.self) == LotStatus.destroyed.rawValue && (cached != 0 || ledger != 0) {
                found.append(
                    Discrepancy(
                        rule: .destroyedNotEmpty, productCode: product, lotNumber: lotNumber, recordedML: cached,
                        expectedML: 0,
                        message: "Lot \(lotNumber) of \(product) is destroyed but holds \(Self.ml(cached)) (its ledger: \(Self.ml(ledger)))."))
            }
        }
        return found
    }
}
