#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The pharmacist's stock: receiving lots (StockService+Receiving, +Scans), what is on hand
/// (+Reading), and status changes, counts, waste and discards (+Writing).
///
/// Every write is one transaction that locks the lot first, so a balance or a vial read to compute a
/// count adjustment or to refuse a waste cannot change before the ledger row lands. The ledger, the
/// lot's cached balance and status and its open vials move only through the triggers of Schema/0002
/// and Schema/0015 (a movement row moves the balance and the vial it names, a status row moves the
/// status, a receipt row writes its movement), which also refuse a negative balance, a vial drawn past
/// what it holds and sealed vials moved in part.
public struct StockService {
    public let connection: PostgresConnection
    public let actor: Actor

    /// A lot whose expiry is further away than this was almost certainly mistyped.
    public static let longestShelfLifeYears = 10

    /// The largest volume a count finds or a waste writes off, in mL: past it, a typing mistake.
    public static let largestVolumeML: Decimal = 100_000

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    // MARK: Lots

    /// A lot row with what `Lot` reads: its receipts summed, its sealed stock, and the database's
    /// judgement of whether it may be drawn now (Schema/0015, meso_draw_refusal).
    static let lotSelect: PostgresQuery = """
        SELECT l.id, l.product_code, p.name AS product_name, l.lot_number, l.expiry, l.status, l.on_hand_ml,
               coalesce(r.vials, 0)::integer AS vials_received, coalesce(r.received_ml, 0) AS received_ml,
               coalesce(r.receipts, 0)::integer AS receipts, coalesce(r.suppliers, '{}') AS suppliers,
               l.received_at, l.received_by, l.status_changed_at, p.single_use, p.vial_ml,
               public.lot_sealed_ml(l.id) AS sealed_ml,
               CASE WHEN p.single_use THEN NULL ELSE (public.lot_sealed_ml(l.id) / p.vial_ml)::integer END AS sealed_vials,
               public.meso_draw_refusal(l.id, NULL, now(), false) AS refusal
          FROM lot l
          JOIN product p ON p.code = l.product_code
          LEFT JOIN LATERAL (
              SELECT sum(x.vials) AS vials, sum(x.received_ml) AS received_ml, count(*) AS receipts,
                     array_agg(DISTINCT x.supplier) FILTER (WHERE x.supplier IS NOT NULL) AS suppliers
                FROM lot_receipt x WHERE x.lot_id = l.id) r ON true
        """

    /// The lots `lotSelect` + `condition` selects, each with its open vials judged now.
    static func lots(_ condition: PostgresQuery, on connection: PostgresConnection) throws(PostgresError) -> [Lot] {
        let rows = try connection.query(lotSelect + " " + condition).rows
        let ids: [Int64] = try rows.map { row throws(PostgresError) in try row.decode("id") }
        var vials: [Int64: [OpenVial]] = [:]
        if !ids.isEmpty {
            for row in try connection.query(
                """
                SELECT l.id AS lot_id, o.vial_id, o.opened_at, o.remaining_ml, o.beyond_use_day, o.refusal
                  FROM unnest(\(ids)::bigint[]) AS l(id)
                 CROSS JOIN LATERAL public.lot_open_vials(l.id, now(), false) o
                 WHERE EXISTS (SELECT FROM vial v WHERE v.lot_id = l.id AND v.remaining_ml > 0)
                 ORDER BY l.id, o.draw_order
                """
            ).rows {
                let vial = try OpenVial(row: row)
                vials[vial.lotID, default: []].append(vial)
            }
        }
        return try rows.map { row throws(PostgresError) in
            try Lot(row: row, openVials: vials[try row.decode("id", as: Int64.self)] ?? [])
        }
    }

    /// The lot a reference names, or nil when its product has none of that number (or there is no
    /// such product). `locking` holds its row until the transaction ends (through `meso_lock_lots`:
    /// no role may lock lot rows itself) and reads it as it is once locked.
    static func lot(_ reference: LotRef, on connection: PostgresConnection, locking: Bool = false) throws(PostgresError)
        -> Lot?
    {
        if locking {
            try connection.query(
                """
                SELECT id FROM public.meso_lock_lots(ARRAY(
                    SELECT id FROM lot WHERE product_code = \(reference.productCode) AND lot_number = \(reference.lotNumber)))
                """)
        }
        return try lots(
            "WHERE l.product_code = \(reference.productCode) AND l.lot_number = \(reference.lotNumber)", on: connection
        ).first
    }

    func lot(_ reference: LotRef, on tx: PostgresConnection, locking: Bool = false) throws -> Lot {
        guard let lot = try Self.lot(reference, on: tx, locking: locking) else {
            try requireProduct(reference.productCode, on: tx)
            throw MesoError.invalid("\(.lot)", "\(reference.productCode) has no lot \(reference.lotNumber) (\(.lot)).")
        }
        return lot
    }

    func lot(id: Int64, on tx: PostgresConnection) throws -> Lot {
        guard let lot = try Self.lots("WHERE l.id = \(id)", on: tx).first else {
            throw MesoError(.internal, "Lot \(id) was written but cannot be read back.")
        }
        return lot
    }

    func requireProduct(_ code: String, on tx: PostgresConnection? = nil) throws {
        guard try (tx ?? connection).query("SELECT 1 FROM product WHERE code = \(code)").isEmpty == false else {
            throw MesoError.invalid("\(.product)", "No product has the code \(code) (\(.product)).")
        }
    }

    // MARK: Rows

    func insertMovement(
        _ kind: StockMovement.Kind, _ quantityML: Decimal, lot: Lot, reason: String, vial: Int64? = nil,
        on tx: PostgresConnection
    ) throws -> StockMovement {
        try StockMovement(
            row: try tx.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor, vial_id)
                VALUES (\(lot.id), \(kind.rawValue), \(quantityML), \(reason), \(actor.name), \(vial))
                RETURNING \(unsafeRaw: StockMovement.columns)
                """
            ).first!)
    }
}
