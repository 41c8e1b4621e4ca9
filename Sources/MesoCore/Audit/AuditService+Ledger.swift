#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The ledger listing: what moved, lot by lot, oldest first.
extension AuditService {
    /// The ledger rows the filter selects, oldest first, each with the lot's balance after it.
    public func ledger(_ filter: LedgerFilter) throws -> [LedgerEntry] {
        var entries: [LedgerEntry] = []
        try ledger(filter, batchSize: 10_000) { entries += $0 }
        return entries
    }

    /// The same rows, `batchSize` at a time as they are read from one snapshot: the whole ledger of
    /// years of sessions (millions of rows) is listed without ever being held in memory.
    public func ledger(_ filter: LedgerFilter, batchSize: Int, _ body: ([LedgerEntry]) throws -> Void) throws {
        try MesoError.translating {
            try connection.forEachBatch(try ledgerQuery(filter), batchSize: batchSize) { rows in
                try body(
                    rows.map { row in
                        LedgerEntry(
                            movement: try StockMovement(row: row), productCode: try row.decode("product_code"),
                            lotNumber: try row.decode("lot_number"), patientMRN: try row.decode("mrn"))
                    })
            }
        }
    }

    /// The statement `ledger` reads, once the product and lot the filter names are known to exist.
    private func ledgerQuery(_ filter: LedgerFilter) throws -> PostgresQuery {
        var conditions: [PostgresQuery] = []
        if let product = filter.productCode {
            if let lotNumber = filter.lotNumber {
                let reference = LotRef(productCode: product, lotNumber: lotNumber)
                guard let lot = try StockService.lot(reference, on: connection) else {
                    throw MesoError.invalid("\(.lot)", "No lot \(lotNumber) of product \(product) is recorded.")
                }
                conditions.append("m.lot_id = \(lot.id)")
            } else {
                guard try !connection.query("SELECT 1 FROM product WHERE code = \(product)").rows.isEmpty else {
                    throw MesoError.invalid("\(.product)", "No product \(product) is recorded.")
                }
                conditions.append("l.product_code = \(product)")
            }
        }
        if let since = filter.since {
            conditions.append("m.recorded_at >= \(Timestamp(date: since))")
        }
        var query: PostgresQuery = """
            SELECT m.id, m.kind, m.quantity_ml, m.balance_after_ml, m.reason, m.actor, m.recorded_at, m.session_id,
                   m.patient_id, m.reverses_id, m.vial_id, l.product_code, l.lot_number, p.mrn
              FROM stock_movement m
              JOIN lot l ON l.id = m.lot_id
              LEFT JOIN patient p ON p.id = m.patient_id
            """
        for (index, condition) in conditions.enumerated() {
            query = query + (index == 0 ? " WHERE " : " AND ") + condition
        }
        return query + " ORDER BY m.id"
    }
}
