import MesoCore

extension Presentation {
    /// `audit ledger`: one row per stock movement, with the lot's balance after it.
    static func ledger(_ entries: [LedgerEntry]) -> Presentation {
        let rows = entries.map(ledgerRow)
        return .listing(
            OutputTable(
                key: "movements",
                columns: [
                    "movement_id", "recorded_at", "product", "lot_number", "kind", "quantity_ml", "balance_ml", "reason",
                    "actor", "session_id", "patient_mrn", "reverses_id",
                ],
                rows: rows),
            notes: entries.isEmpty ? ["No stock movement matches."] : [])
    }

    /// One ledger row, as `audit ledger` and `session show` print it.
    static func ledgerRow(_ entry: LedgerEntry) -> OutputRecord {
        [
            "movement_id": .integer(Int(entry.movementID)),
            "recorded_at": .time(entry.recordedAt),
            "product": .text(entry.productCode),
            "lot_number": .text(entry.lotNumber),
            "kind": .text(entry.kind),
            "quantity_ml": .quantity(entry.quantityML),
            "balance_ml": .quantity(entry.balanceAfterML),
            "reason": .optional(entry.reason, OutputValue.text),
            "actor": .text(entry.actor),
            "session_id": .optional(entry.sessionID) { .integer(Int($0)) },
            "patient_mrn": .optional(entry.patientMRN, OutputValue.text),
            "reverses_id": .optional(entry.reversesID) { .integer(Int($0)) },
        ]
    }
}
