#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The auditor's questions: does the stored history hold together (`verify`), what moved
/// (`ledger`), and who received which lot (`lot`, `patient`, in AuditService+Trace.swift). Reads
/// only; every answer comes from one snapshot of the database.
public struct AuditService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    /// Checks every rule of the ledger on every lot and session, and the guards that enforce them.
    public func verify() throws -> IntegrityReport {
        try MesoError.translating {
            // One snapshot: rows committed while the checks run must not look like discrepancies.
            try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
                let counts = try require(
                    try connection.query(
                        """
                        SELECT (SELECT count(*) FROM lot) AS lots, (SELECT count(*) FROM stock_movement) AS movements,
                               (SELECT count(*) FROM session) AS sessions
                        """
                    ).first)
                var found: [Discrepancy] = []
                found += try cachedBalances(connection)
                found += try cachedStatuses(connection)
                found += try balanceHistories(connection)
                found += try reversals(connection)
                found += try sessionLedgers(connection)
                found += try sessionPatients(connection)
                found += try lotTraces(connection)
                found += try receipts(connection)
                found += try vials(connection)
                found += try guards(connection)
                return IntegrityReport(
                    lotsChecked: try counts.decode("lots"), movementsChecked: try counts.decode("movements"),
                    sessionsChecked: try counts.decode("sessions"),
                    guardsChecked: LedgerGuard.expected.count + LedgerGuard.ledgerPolicies.count + 1,
                    discrepancies: found)
            }
        }
    }

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
                let reference = LotReference(productCode: product, lotNumber: lotNumber)
                guard let lot = try StockService.lot(reference, on: connection) else {
                    throw MesoError.invalid("--lot", "No lot \(lotNumber) of product \(product) is recorded.")
                }
                conditions.append("m.lot_id = \(lot.id)")
            } else {
                guard try !connection.query("SELECT 1 FROM product WHERE code = \(product)").rows.isEmpty else {
                    throw MesoError.invalid("--product", "No product \(product) is recorded.")
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

    // MARK: - The rules of `verify`

    /// Cached balance = SUM(ledger) for every lot; a destroyed lot holds nothing.
    private func cachedBalances(_ connection: PostgresConnection) throws -> [Discrepancy] {
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
    private func cachedStatuses(_ connection: PostgresConnection) throws -> [Discrepancy] {
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
    private func balanceHistories(_ connection: PostgresConnection) throws -> [Discrepancy] {
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
    private func reversals(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT r.id, r.reverses_id, r.quantity_ml, o.quantity_ml AS reversed_ml, o.lot_id = r.lot_id AS same_lot,
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

    /// Per session and lot: the volume its usage rows record equals what its session-use rows took
    /// out, their single-use waste equals its waste rows, a cancelled session's rows are all
    /// reversed, and a performed session's none. Reversals count for the session of the row they reverse.
    private func sessionLedgers(_ connection: PostgresConnection) throws -> [Discrepancy] {
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

    /// A ledger row that names a patient names its session's patient.
    private func sessionPatients(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT m.id, m.session_id, l.product_code, l.lot_number, p.mrn AS movement_mrn, sp.mrn AS session_mrn
              FROM stock_movement m
              JOIN session s ON s.id = m.session_id
              JOIN patient p ON p.id = m.patient_id
              JOIN patient sp ON sp.id = s.patient_id
              JOIN lot l ON l.id = m.lot_id
             WHERE m.patient_id <> s.patient_id
             ORDER BY m.id
            """
        ).rows.map { row in
            let movement: Int64 = try row.decode("id")
            let session: Int64 = try row.decode("session_id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let named: String = try row.decode("movement_mrn")
            let actual: String = try row.decode("session_mrn")
            return Discrepancy(
                rule: .sessionPatient, productCode: product, lotNumber: lotNumber, sessionID: session,
                movementID: movement,
                message: "Movement \(movement) of \(Self.label(product, lotNumber)) names patient \(named) but its session \(session) is for \(actual).")
        }
    }

    /// The lot trace holds exactly one row per usage row, equal to what the record derives for it
    /// (Schema/0008's lot_trace_expected): `audit lot` answers from it alone.
    private func lotTraces(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT coalesce(e.session_id, t.session_id) AS session_id, l.product_code, l.lot_number,
                   t.session_id IS NULL AS missing, e.session_id IS NULL AS extra
              FROM lot_trace_expected e
              FULL JOIN lot_trace t ON t.session_id = e.session_id AND t.lot_id = e.lot_id
              JOIN lot l ON l.id = coalesce(e.lot_id, t.lot_id)
             WHERE t.session_id IS NULL OR e.session_id IS NULL
                OR (t.performed_at, t.patient_id, t.volume_ml, t.waste_ml, t.practitioner, t.formula_code,
                    t.formula_version, t.area, t.patient_mrn, t.patient_name, t.patient_birth_date, t.cancelled,
                    t.adverse_events)
                   IS DISTINCT FROM
                   (e.performed_at, e.patient_id, e.volume_ml, e.waste_ml, e.practitioner, e.formula_code,
                    e.formula_version, e.area, e.patient_mrn, e.patient_name, e.patient_birth_date, e.cancelled,
                    e.adverse_events)
             ORDER BY 1, 2, 3
            """
        ).rows.map { row in
            let session: Int64 = try row.decode("session_id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let lot = Self.label(product, lotNumber)
            let message =
                try row.decode("missing", as: Bool.self)
                ? "Session \(session)'s use of \(lot) is missing from the lot trace: audit lot would not list it."
                : try row.decode("extra", as: Bool.self)
                    ? "The lot trace lists session \(session) for \(lot), which has no such usage row."
                    : "The lot trace's copy of session \(session)'s use of \(lot) differs from the session, its patient or its adverse events."
            return Discrepancy(
                rule: .lotTrace, productCode: product, lotNumber: lotNumber, sessionID: session, message: message)
        }
    }

    /// The triggers of `LedgerGuard.expected` exist on their tables, call their functions and fire
    /// (`tgenabled` O or A; D is disabled, R fires only on a replica); no other trigger on these
    /// tables (a foreign key's) is disabled; the ledger's row-level security is on with its policies.
    private func guards(_ connection: PostgresConnection) throws -> [Discrepancy] {
        let expected = LedgerGuard.expected
        var found: [Discrepancy] = []
        let triggers = try connection.query(
            """
            SELECT e.table_name, e.trigger_name, e.function_name, t.tgenabled::text AS enabled, f.proname
              FROM unnest(\(expected.map(\.table)), \(expected.map(\.trigger)), \(expected.map(\.function)))
                   WITH ORDINALITY AS e(table_name, trigger_name, function_name, position)
              LEFT JOIN pg_trigger t ON t.tgrelid = to_regclass(e.table_name) AND t.tgname = e.trigger_name
              LEFT JOIN pg_proc f ON f.oid = t.tgfoid
             ORDER BY e.position
            """
        ).rows
        for row in triggers {
            let table: String = try row.decode("table_name")
            let trigger: String = try row.decode("trigger_name")
            let function: String = try row.decode("function_name")
            let enabled: String? = try row.decode("enabled")
            let calls: String? = try row.decode("proname")
            if enabled == nil {
                found.append(
                    Discrepancy(rule: .guardMissing, message: "The trigger \(trigger) on \(table) is missing."))
            } else if calls != function {
                found.append(
                    Discrepancy(
                        rule: .guardMissing,
                        message: "The trigger \(trigger) on \(table) calls \(calls ?? "an unknown function") instead of \(function)."))
            } else if let state = enabled, let problem = Self.disabledState(state) {
                found.append(Discrepancy(rule: .guardDisabled, message: "The trigger \(trigger) on \(table) is \(problem)."))
            }
        }
        let others = try connection.query(
            """
            SELECT DISTINCT ON (c.relname, coalesce(k.conname, t.tgname))
                   c.relname, t.tgname, t.tgenabled::text AS enabled, k.conname
              FROM pg_trigger t
              JOIN pg_class c ON c.oid = t.tgrelid
              LEFT JOIN pg_constraint k ON k.oid = t.tgconstraint
             WHERE t.tgrelid = ANY (SELECT to_regclass(name) FROM unnest(\(Array(Set(expected.map(\.table))))) AS name)
               AND t.tgenabled NOT IN ('O', 'A')
               AND NOT (t.tgname = ANY (\(expected.map(\.trigger))))
             ORDER BY c.relname, coalesce(k.conname, t.tgname)
            """
        ).rows
        for row in others {
            let table: String = try row.decode("relname")
            let state = Self.disabledState(try row.decode("enabled")) ?? "disabled"
            // A foreign key is enforced by internal triggers; DISABLE TRIGGER ALL switches them off too.
            let message = try row.decode("conname", as: String?.self).map {
                "The foreign key \($0) on \(table) is not enforced: its trigger is \(state)."
            } ?? "The trigger \(try row.decode("tgname", as: String.self)) on \(table) is \(state)."
            found.append(Discrepancy(rule: .guardDisabled, message: message))
        }
        let security = try require(
            try connection.query(
                """
                SELECT coalesce((SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass('stock_movement')), false) AS enabled,
                       ARRAY(SELECT polname::text FROM pg_policy WHERE polrelid = to_regclass('stock_movement')) AS policies
                """
            ).first)
        if !(try security.decode("enabled", as: Bool.self)) {
            found.append(
                Discrepancy(
                    rule: .guardDisabled,
                    message: "Row-level security is off on stock_movement: any login with INSERT on it may write any kind of movement."))
        }
        let policies = Set(try security.decode("policies", as: [String].self))
        for policy in LedgerGuard.ledgerPolicies where !policies.contains(policy) {
            found.append(Discrepancy(rule: .guardMissing, message: "The policy \(policy) on stock_movement is missing."))
        }
        return found
    }

    /// Why a trigger in state `tgenabled` does not fire in ordinary sessions, or nil when it does.
    private static func disabledState(_ state: String) -> String? {
        switch state {
        case "O", "A": return nil
        case "R": return "enabled only for replication, so it does not fire"
        default: return "disabled"
        }
    }

    /// "lot L of P", for the middle of a sentence.
    static func label(_ product: String, _ lotNumber: String) -> String {
        "lot \(lotNumber) of \(product)"
    }

    static func ml(_ value: Decimal) -> String {
        value.fixed(scale: 3) + " mL"
    }
}

/// `#require` for a query that always returns one row.
private func require(_ row: PostgresRow?) throws -> PostgresRow {
    guard let row else { throw MesoError(.internal, "The database returned no row for a query that always returns one.") }
    return row
}
