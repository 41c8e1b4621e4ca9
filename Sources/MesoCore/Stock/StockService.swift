#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The pharmacist's stock: receiving lots, their status, counts and waste, and what is on hand.
///
/// Every write is one transaction that locks the lot first, so a balance read to compute a count
/// adjustment or to refuse a waste cannot change before the ledger row lands. The ledger and the
/// lot's cached balance and status move only through the triggers of Schema/0002 (a movement row
/// moves the balance, a status row moves the status), which also refuse a negative balance.
public struct StockService {
    public let connection: PostgresConnection
    public let actor: Actor

    /// A lot whose expiry is further away than this was almost certainly mistyped.
    public static let longestShelfLifeYears = 10

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    // MARK: Receiving

    /// Records the lot, its receipt in the ledger (vials × vial volume, in mL) and the status it
    /// was received in, all in one transaction.
    ///
    /// The lot's received_at is when it arrived (`--at`, else now); its ledger row's recorded_at is
    /// when the receipt was written, like every ledger row: the ledger is the journal of what was
    /// written when, and a receipt typed in late must show up among the rows written that day.
    public func receive(_ receipt: LotReceipt) throws -> Lot {
        try MesoError.translating {
            try connection.transaction { tx in
                let product = try resolve(receipt.product, at: receipt.receivedAt, on: tx)
                let productCode: String = try product.decode("code")
                let receivedOn: CalendarDate = try product.decode("received_on")
                let field = receipt.sourceField
                guard receipt.expiry >= receivedOn else {
                    throw MesoError.invalid(
                        field,
                        receipt.receivedAt == nil
                            ? "\(field) gives the expiry \(receipt.expiry), which is already past: an expired lot cannot be received."
                            : "\(field) gives the expiry \(receipt.expiry), before the lot arrived on \(receivedOn) (--at): an expired lot cannot be received."
                    )
                }
                guard receipt.expiry <= receivedOn.adding(months: 12 * Self.longestShelfLifeYears) else {
                    throw MesoError.invalid(
                        field,
                        "\(field) gives the expiry \(receipt.expiry), more than \(Self.longestShelfLifeYears) years away: check the date on the vial.")
                }
                let vialML: Decimal = try product.decode("vial_ml")
                let receivedML = Decimal(receipt.vials) * vialML
                let status: LotStatus = receipt.quarantine ? .quarantined : .released
                let lotID: Int64
                do {
                    lotID = try tx.query(
                        """
                        INSERT INTO lot (product_code, lot_number, expiry, status, vials_received, received_ml,
                                         supplier, gs1_serial, received_by, received_at)
                        VALUES (\(productCode), \(receipt.lotNumber), \(receipt.expiry), \(status.rawValue),
                                \(receipt.vials), \(receivedML), \(receipt.supplier), \(receipt.serial), \(actor.name),
                                coalesce(\(receipt.receivedAt)::timestamptz, now()))
                        RETURNING id
                        """
                    ).first!.decode("id")
                } catch let error as PostgresError where error.constraint == "lot_number_unique_per_product" {
                    let field = receipt.sourceField == "--gs1" ? "--gs1" : "--lot"
                    throw MesoError.invalid(
                        field, "Lot \(receipt.lotNumber) of \(productCode) has already been received; a lot number is received once.")
                }
                try tx.query(
                    """
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor)
                    VALUES (\(lotID), 'receipt', \(receivedML),
                            \("\(receipt.vials) × \(vialML) mL"), \(actor.name))
                    """)
                try tx.query(
                    """
                    INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by)
                    VALUES (\(lotID), \(status.rawValue),
                            \(receipt.quarantine ? "Received into quarantine." : "Received and released."), \(actor.name))
                    """)
                return try lot(id: lotID, on: tx)
            }
        }
    }

    /// The product row a receipt names: code, vial_ml, and received_on, the UTC day the lot arrived
    /// (`receivedAt`, else the database's today).
    private func resolve(_ identity: LotReceipt.ProductIdentity, at receivedAt: Timestamp?, on tx: PostgresConnection)
        throws -> PostgresRow
    {
        let columns: PostgresQuery =
            "SELECT code, vial_ml, (coalesce(\(receivedAt)::timestamptz, now()) AT TIME ZONE 'UTC')::date AS received_on FROM product"
        switch identity {
        case .code(let code):
            guard let row = try tx.query(columns + " WHERE code = \(code)").first
            else { throw MesoError.invalid("--product", "No product has the code \(code) (--product).") }
            return row
        case .gtin(let gtin):
            guard let row = try tx.query(columns + " WHERE gtin = \(gtin.digits)").first else {
                throw MesoError.invalid(
                    "--gs1", "No product has the GTIN \(gtin) of --gs1; add it with meso product add ... --gtin \(gtin).")
            }
            return row
        }
    }

    // MARK: Reading

    /// Lots, by product then FEFO. `expiringWithinDays` keeps the lots that expire on or before
    /// today + days, those already expired included (they need destroying), destroyed ones left out.
    public func lots(product: String? = nil, status: LotStatus? = nil, expiringWithinDays: Int? = nil) throws -> [Lot] {
        try MesoError.translating {
            if let product { try requireProduct(product) }
            return try connection.query(
                Self.lotSelect
                    + """
                     WHERE (\(product)::text IS NULL OR l.product_code = \(product))
                       AND (\(status?.rawValue)::text IS NULL OR l.status = \(status?.rawValue))
                       AND (\(expiringWithinDays)::int IS NULL
                            OR (l.expiry <= (now() AT TIME ZONE 'UTC')::date + \(expiringWithinDays)::int
                                AND l.status <> 'destroyed'))
                     ORDER BY l.product_code, l.expiry, l.id
                    """
            ).rows.map(Lot.init(row:))
        }
    }

    /// The lot with its whole ledger and status history.
    public func history(of reference: LotReference) throws -> LotHistory {
        // One snapshot, so the ledger shown ends at the balance shown.
        try MesoError.translating {
            try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
                let lot = try lot(reference, on: connection)
                let movements = try connection.query(
                    """
                    SELECT id, kind, quantity_ml, balance_after_ml, reason, actor, recorded_at, session_id, patient_id,
                           reverses_id
                      FROM stock_movement WHERE lot_id = \(lot.id) ORDER BY id
                    """
                ).rows.map(StockMovement.init(row:))
                let changes = try connection.query(
                    """
                    SELECT id, from_status, to_status, reason, changed_at, changed_by
                      FROM lot_status_change WHERE lot_id = \(lot.id) ORDER BY id
                    """
                ).rows.map(LotStatusChange.init(row:))
                return LotHistory(lot: lot, movements: movements, statusChanges: changes)
            }
        }
    }

    /// Stock per product: every product (or one), with its lots that hold anything.
    /// - Parameters:
    ///   - belowReorder: only products whose usable stock is at or below their reorder point.
    ///   - expiringWithinDays: only lots expiring on or before today + days (expired ones
    ///     included), and only products that have such a lot.
    public func stock(product: String? = nil, belowReorder: Bool = false, expiringWithinDays: Int? = nil) throws
        -> [ProductStock]
    {
        try MesoError.translating {
            // One snapshot for the lots and the products they are totalled under.
            try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
                if let product { try requireProduct(product, on: connection) }
                let lots = try connection.query(
                    Self.lotSelect
                        + """
                         WHERE l.on_hand_ml > 0 AND l.status <> 'destroyed'
                           AND (\(product)::text IS NULL OR l.product_code = \(product))
                        """
                ).rows.map(Lot.init(row:))
                let lotsByProduct = Dictionary(grouping: lots, by: \.productCode)
                let products = try connection.query(
                    """
                    SELECT code, name, reorder_ml FROM product
                     WHERE \(product)::text IS NULL OR code = \(product) ORDER BY code
                    """
                ).rows
                let horizon = try expiringWithinDays.map { days in
                    try connection.query("SELECT (now() AT TIME ZONE 'UTC')::date + \(days)::int AS horizon").first!
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

    // MARK: Writing

    /// Releases, quarantines, recalls or destroys a lot. Destroying writes what is left off the
    /// ledger as a `destruction` in the same transaction, so a destroyed lot holds nothing.
    /// A change a pharmacy does not make (a recalled or destroyed lot released) is refused.
    public func changeStatus(of reference: LotReference, to status: LotStatus, reason: String) throws -> LotUpdate {
        try MesoError.translating {
            do {
                return try connection.transaction { tx in
                    let lot = try lot(reference, on: tx, locking: true)
                    guard lot.status != status else {
                        throw MesoError.refused("\(lot.label) is already \(status.rawValue).")
                    }
                    var destruction: StockMovement?
                    if status == .destroyed && lot.status != .destroyed && lot.onHandML > 0 {
                        destruction = try insertMovement(.destruction, -lot.onHandML, lot: lot, reason: reason, on: tx)
                    }
                    let change = try LotStatusChange(
                        row: try tx.query(
                            """
                            INSERT INTO lot_status_change (lot_id, to_status, reason, changed_by)
                            VALUES (\(lot.id), \(status.rawValue), \(reason), \(actor.name))
                            RETURNING id, from_status, to_status, reason, changed_at, changed_by
                            """
                        ).first!)
                    return LotUpdate(lot: try self.lot(id: lot.id, on: tx), movement: destruction, statusChange: change)
                }
            } catch let error as PostgresError where error.sqlState == .lotStatusTransition {
                throw MesoError.refused(error.message)
            }
        }
    }

    /// Records a physical count: the difference from the balance on hand is written as a
    /// `count-adjustment` (zero when the count agrees, as proof the lot was counted). The ledger
    /// is never overwritten.
    public func count(_ reference: LotReference, countedML: Decimal, reason: String) throws -> LotUpdate {
        try record(.countAdjustment, on: reference, reason: reason) { lot in
            guard countedML <= lot.receivedML else {
                throw MesoError.invalid(
                    "--ml",
                    "--ml \(countedML.fixed(scale: 3)) is more than the \(lot.receivedML.fixed(scale: 3)) mL ever received of lot \(lot.lotNumber) of \(lot.productCode): a count cannot find more than was received.")
            }
            return countedML - lot.onHandML
        }
    }

    /// Writes `ml` off a lot as waste (a broken vial, a spill); never more than it holds.
    public func waste(_ reference: LotReference, ml: Decimal, reason: String) throws -> LotUpdate {
        try record(.waste, on: reference, reason: reason) { lot in
            guard ml <= lot.onHandML else {
                throw MesoError.refused(
                    "\(lot.label) holds \(lot.onHandML.fixed(scale: 3)) mL: \(ml.fixed(scale: 3)) mL cannot be written off as waste.")
            }
            return -ml
        }
    }

    /// Locks the lot, asks `quantity` for the signed volume (or a refusal) from its balance, and
    /// writes the ledger row, in one transaction.
    private func record(
        _ kind: StockMovement.Kind, on reference: LotReference, reason: String, quantity: (Lot) throws -> Decimal
    ) throws -> LotUpdate {
        try MesoError.translating {
            try connection.transaction { tx in
                let lot = try lot(reference, on: tx, locking: true)
                let movement = try insertMovement(kind, try quantity(lot), lot: lot, reason: reason, on: tx)
                return LotUpdate(lot: try self.lot(id: lot.id, on: tx), movement: movement, statusChange: nil)
            }
        }
    }

    // MARK: Rows

    private func insertMovement(
        _ kind: StockMovement.Kind, _ quantityML: Decimal, lot: Lot, reason: String, on tx: PostgresConnection
    ) throws -> StockMovement {
        try StockMovement(
            row: try tx.query(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor)
                VALUES (\(lot.id), \(kind.rawValue), \(quantityML), \(reason), \(actor.name))
                RETURNING id, kind, quantity_ml, balance_after_ml, reason, actor, recorded_at, session_id, patient_id,
                          reverses_id
                """
            ).first!)
    }

    private static let lotColumns: PostgresQuery = """
        SELECT l.id, l.product_code, p.name AS product_name, l.lot_number, l.expiry, l.status, l.on_hand_ml,
               l.vials_received, l.received_ml, l.supplier, l.gs1_serial, l.received_at, l.received_by,
               l.status_changed_at, now() AS now
        """

    private static let lotSelect: PostgresQuery = lotColumns + " FROM lot l JOIN product p ON p.code = l.product_code"

    /// The lot a reference names, or nil when its product has none of that number (or there is no
    /// such product). `locking` holds its row until the transaction ends (through `meso_lock_lots`,
    /// Schema/0012) and reads it as it is once locked.
    static func lot(_ reference: LotReference, on connection: PostgresConnection, locking: Bool = false) throws(PostgresError)
        -> Lot?
    {
        let named: PostgresQuery =
            "l.product_code = \(reference.productCode) AND l.lot_number = \(reference.lotNumber)"
        let query: PostgresQuery =
            locking
            ? lotColumns
                + " FROM public.meso_lock_lots(ARRAY(SELECT l.id FROM lot l WHERE \(named))) l JOIN product p ON p.code = l.product_code"
            : lotSelect + " WHERE \(named)"
        return try connection.query(query).first.map { row throws(PostgresError) in try Lot(row: row) }
    }

    private func lot(_ reference: LotReference, on tx: PostgresConnection, locking: Bool = false) throws -> Lot {
        guard let lot = try Self.lot(reference, on: tx, locking: locking) else {
            try requireProduct(reference.productCode, on: tx)
            throw MesoError.invalid("--lot", "\(reference.productCode) has no lot \(reference.lotNumber) (--lot).")
        }
        return lot
    }

    private func lot(id: Int64, on tx: PostgresConnection) throws -> Lot {
        try Lot(row: try tx.query(Self.lotSelect + " WHERE l.id = \(id)").first!)
    }

    private func requireProduct(_ code: String, on tx: PostgresConnection? = nil) throws {
        guard try (tx ?? connection).query("SELECT 1 FROM product WHERE code = \(code)").isEmpty == false else {
            throw MesoError.invalid("--product", "No product has the code \(code) (--product).")
        }
    }
}
