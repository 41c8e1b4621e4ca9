#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The auditor's questions: does the stored history hold together (`verify`, its rules one file each
/// under Integrity/), what moved (`ledger`, in AuditService+Ledger.swift), and who received which lot
/// (`lot`, `patient`, in AuditService+Trace.swift). Reads only; every answer comes from one snapshot
/// of the database.
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
