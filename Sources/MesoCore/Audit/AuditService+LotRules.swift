#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The rules of `verify` on lots and their ledger rows.
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

    /// A lot's status is its last status change; a lot with none is as it was received (quarantined
    /// or released), since recalling or destroying it writes a change.
    func cachedStatuses(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT l.product_code, l.lot_number, l.status, c.to_status
              FROM lot l
              LEFT JOIN LATERAL (SELECT to_status FROM lot_status_change WHERE lot_id = l.id ORDER BY id DESC LIMIT 1) c
                ON true
             WHERE (c.to_status IS NOT NULL AND c.to_status <> l.status)
                OR (c.to_status IS NULL AND l.status NOT IN ('quarantined', 'released'))
             ORDER BY l.product_code, l.lot_number
            """
        ).rows.map { row in
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let status: String = try row.decode("status")
            let last: String? = try row.decode("to_status")
            let cause = last.map { "its last status change made it \($0)" } ?? "no status change explains it"
            return Discrepancy(
                rule: .cachedStatus, productCode: product, lotNumber: lotNumber,
                message: "Lot \(lotNumber) of \(product) is marked \(status) but \(cause).")
        }
    }

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

    /// A reversal puts back exactly what one earlier row of the same lot took out, once.
    func reversals(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT r.id, r.reverses_id, r.quantity_ml, o.quantity_ml AS reversed_ml, o.lot_id = r.lot_id AS same_lot,
                   (o.session_id, o.patient_id) IS NOT DISTINCT FROM (r.session_id, r.patient_id) AS same_session,
                   l.product_code, l.lot_number, r.session_id,
                   count(*) OVER (PARTITION BY r.reverses_id) AS times_reversed
              FROM stock_movement r
              JOIN stock_movement o ON o.id = r.reverses_id
              JOIN lot l ON l.id = r.lot_id
             WHERE r.kind = 'reversal'
             ORDER BY r.id
            """
        ).rows.compactMap { row in
            let movement: Int64 = try row.decode("id")
            let reversed: Int64 = try row.decode("reverses_id")
            let putBack: Decimal = try row.decode("quantity_ml")
            let takenOut: Decimal = -(try row.decode("reversed_ml", as: Decimal.self))
            let times: Int = try row.decode("times_reversed")
            let problem: String
            if !(try row.decode("same_lot", as: Bool.self)) {
                problem = "it names movement \(reversed) of another lot"
            } else if reversed >= movement {
                problem = "it names movement \(reversed), which came after it"
            } else if putBack != takenOut {
                problem = "it puts back \(Self.ml(putBack)) where movement \(reversed) took out \(Self.ml(takenOut))"
            } else if times > 1 {
                problem = "movement \(reversed) is reversed \(times) times"
            } else if !(try row.decode("same_session", as: Bool.self)) {
                problem = "it names another session or patient than movement \(reversed)"
            } else {
                return nil
            }
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            return Discrepancy(
                rule: .reversal, productCode: product, lotNumber: lotNumber, sessionID: try row.decode("session_id"),
                movementID: movement, recordedML: putBack, expectedML: takenOut,
                message: "Reversal \(movement) of \(Self.label(product, lotNumber)) is wrong: \(problem).")
        }
    }

    /// A count never finds more than the lot had received by then: the sum of its receipts before it.
    func countsAboveReceipts(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT m.id, m.balance_after_ml, l.product_code, l.lot_number,
                   (SELECT coalesce(sum(r.quantity_ml), 0) FROM stock_movement r
                     WHERE r.lot_id = m.lot_id AND r.kind = 'receipt' AND r.id < m.id) AS received_ml
              FROM stock_movement m JOIN lot l ON l.id = m.lot_id
             WHERE m.kind = 'count-adjustment'
               AND m.balance_after_ml > (SELECT coalesce(sum(r.quantity_ml), 0) FROM stock_movement r
                                          WHERE r.lot_id = m.lot_id AND r.kind = 'receipt' AND r.id < m.id)
             ORDER BY m.id
            """
        ).rows.map { row in
            let movement: Int64 = try row.decode("id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let counted: Decimal = try row.decode("balance_after_ml")
            let received: Decimal = try row.decode("received_ml")
            return Discrepancy(
                rule: .countAboveReceived, productCode: product, lotNumber: lotNumber, movementID: movement,
                recordedML: counted, expectedML: received,
                message: "Count \(movement) of \(Self.label(product, lotNumber)) found \(Self.ml(counted)), more than the \(Self.ml(received)) the lot had received.")
        }
    }

    /// Every ledger row has the shape the CLI gives its kind (Schema/0012's stock_movement_shape).
    func movementShapes(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT m.id, m.kind, m.session_id, l.product_code, l.lot_number,
                   CASE WHEN (m.session_id IS NULL) <> (m.patient_id IS NULL) THEN 'it names a session without its patient or a patient without a session'
                        WHEN (m.kind = 'reversal') <> (m.reverses_id IS NOT NULL) THEN 'only a reversal names the row it reverses, and a reversal always does'
                        WHEN m.kind IN ('receipt', 'count-adjustment', 'destruction') AND m.session_id IS NOT NULL THEN 'a ' || m.kind || ' belongs to no session'
                        ELSE 'a destruction writes off everything the lot held, yet it left ' || m.balance_after_ml || ' mL'
                   END AS problem
              FROM stock_movement m JOIN lot l ON l.id = m.lot_id
             WHERE NOT ((m.session_id IS NULL) = (m.patient_id IS NULL)
                        AND (m.kind = 'reversal') = (m.reverses_id IS NOT NULL)
                        AND (m.kind NOT IN ('receipt', 'count-adjustment', 'destruction') OR m.session_id IS NULL)
                        AND (m.kind <> 'destruction' OR m.balance_after_ml = 0))
             ORDER BY m.id
            """
        ).rows.map { row in
            let movement: Int64 = try row.decode("id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let kind: String = try row.decode("kind")
            let problem: String = try row.decode("problem")
            return Discrepancy(
                rule: .movementShape, productCode: product, lotNumber: lotNumber, sessionID: try row.decode("session_id"),
                movementID: movement,
                message: "Movement \(movement) of \(Self.label(product, lotNumber)) (\(kind)) is not one the CLI writes: \(problem).")
        }
    }

    /// Every lot has its receipt in the ledger, for the volume the lot records as received.
    func lotReceipts(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT l.product_code, l.lot_number, l.received_ml FROM lot l
             WHERE NOT EXISTS (SELECT FROM stock_movement r
                                WHERE r.lot_id = l.id AND r.kind = 'receipt' AND r.quantity_ml = l.received_ml)
             ORDER BY l.product_code, l.lot_number
            """
        ).rows.map { row in
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let received: Decimal = try row.decode("received_ml")
            return Discrepancy(
                rule: .lotReceipt, productCode: product, lotNumber: lotNumber, expectedML: received,
                message: "Lot \(lotNumber) of \(product) has no receipt of its \(Self.ml(received)) in the ledger.")
        }
    }
}
