#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension StockService {
    /// Lots, by product then FEFO. `expiringWithinDays` keeps the lots that expire on or before the
    /// clinic's today + days, those already expired included (they need destroying), destroyed ones
    /// left out.
    public func lots(product: ProductCode? = nil, status: LotStatus? = nil, expiringWithinDays: Int? = nil) throws -> [Lot] {
        try MesoError.translating {
            if let product { try requireProduct(product.text) }
            return try Self.lots(
                """
                 WHERE (\(product)::text IS NULL OR l.product_code = \(product))
                   AND (\(status?.rawValue)::text IS NULL OR l.status = \(status?.rawValue))
                   AND (\(expiringWithinDays)::int IS NULL
                        OR (l.expiry <= public.meso_clinic_day(now()) + \(expiringWithinDays)::int
                            AND l.status <> 'destroyed'))
                 ORDER BY l.product_code, l.expiry, l.id
                """, on: connection)
        }
    }

    /// The lot with its receipts, its whole ledger, its opened vials and its status history.
    public func history(of reference: LotRef) throws -> LotHistory {
        // One snapshot, so the ledger shown ends at the balance shown.
        try MesoError.translating {
            try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
                let lot = try lot(reference, on: connection)
                let movements = try connection.query(
                    "SELECT \(unsafeRaw: StockMovement.columns) FROM stock_movement WHERE lot_id = \(lot.id) ORDER BY id"
                ).rows.map(StockMovement.init(row:))
                let changes = try connection.query(
                    """
                    SELECT id, from_status, to_status, reason, changed_at, changed_by
                      FROM lot_status_change WHERE lot_id = \(lot.id) ORDER BY id
                    """
                ).rows.map(LotStatusChange.init(row:))
                return LotHistory(
                    lot: lot, receipts: try RecordedReceipt.of(lots: [lot.id], on: connection), movements: movements,
                    vials: try VialRecord.of(lot: lot.id, on: connection), statusChanges: changes)
            }
        }
    }

    /// Stock per product: every product (or one), with its lots that hold anything and their open vials.
    /// - Parameters:
    ///   - belowReorder: only products whose usable stock is at or below their reorder point.
    ///   - expiringWithinDays: only lots expiring on or before the clinic's today + days (expired ones
    ///     included), and only products that have such a lot.
    public func stock(product: ProductCode? = nil, belowReorder: Bool = false, expiringWithinDays: Int? = nil) throws
        -> [ProductStock]
    {
        try MesoError.translating {
            // One snapshot for the lots and the products they are totalled under.
            try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
                if let product { try requireProduct(product.text, on: connection) }
                let lots = try Self.lots(
                    """
                     WHERE l.on_hand_ml > 0 AND l.status <> 'destroyed'
                       AND (\(product)::text IS NULL OR l.product_code = \(product))
                    """, on: connection)
                let lotsByProduct = Dictionary(grouping: lots, by: \.productCode)
                let products = try connection.query(
                    """
                    SELECT code, name, reorder_ml FROM product
                     WHERE \(product)::text IS NULL OR code = \(product) ORDER BY code
                    """
                ).rows
                let horizon = try expiringWithinDays.map { days in
                    try connection.query("SELECT public.meso_clinic_day(now()) + \(days)::int AS horizon").first!
                        .decode("horizon", as: CalendarDate.self)
                }
                var result: [ProductStock] = []
                for row in products {
                    let code: String = try row.decode("code")
                    let stock = ProductStock(
                        productCode: code, productName: try row.decode("name"), reorderML: try row.decode("reorder_ml"),
                        lots: lotsByProduct[code] ?? [])
                    if belowReorder && !stock.isBelowReorder { continue }
                    if let horizon {
                        // Totals stay those of the whole product; only the lots listed are narrowed.
                        let expiring = stock.listing { $0.expiry <= horizon }
                        if !expiring.lots.isEmpty { result.append(expiring) }
                    } else {
                        result.append(stock)
                    }
                }
                return result
            }
        }
    }
}
