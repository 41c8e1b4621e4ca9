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
                found += try countsAboveReceipts(connection)
                found += try balancesAboveReceived(connection)
                found += try movementShapes(connection)
                found += try lotReceipts(connection)
                found += try sessionLedgers(connection)
                found += try sessionUsage(connection)
                found += try sessionPatients(connection)
                found += try sessionRowsWrittenWithSession(connection)
                found += try backdatedTimes(connection)
                found += try formulaComponents(connection)
                found += try productsWithoutIngredients(connection)
                found += try lotTraces(connection)
                found += try sessionVerdicts(connection)
                found += try receipts(connection)
                found += try vials(connection)
                found += try privileges(connection)
                found += try loginMemberships(connection)
                let triggerStates = try guards(connection)
                found += triggerStates
                let definitions = try GuardDigest.read(on: connection)
                found += guardDefinitions(definitions, reported: Set(triggerStates.compactMap(\.object)))
                return IntegrityReport(
                    lotsChecked: try counts.decode("lots"), movementsChecked: try counts.decode("movements"),
                    sessionsChecked: try counts.decode("sessions"),
                    guardsChecked: definitions.digests.count,
                    discrepancies: found)
            }
        }
    }

    /// The digests of the database's guards, as `verify` compares them with `ShippedGuardDigests`
    /// (what `Scripts/guard-digests` writes from a freshly migrated database).
    public func guardDigests() throws -> GuardDigest.Reading {
        try MesoError.translating {
            try connection.transaction(isolation: .repeatableRead, readOnly: true) { connection in
                try GuardDigest.read(on: connection)
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

    /// "lot L of P", for the middle of a sentence.
    static func label(_ product: String, _ lotNumber: String) -> String {
        "lot \(lotNumber) of \(product)"
    }

    static func ml(_ value: Decimal) -> String {
        value.fixed(scale: 3) + " mL"
    }
}

/// `#require` for a query that always returns one row.
func require(_ row: PostgresRow?) throws -> PostgresRow {
    guard let row else { throw MesoError(.internal, "The database returned no row for a query that always returns one.") }
    return row
}
