import MesoCore

extension Presentation {
    /// `audit ledger`'s columns.
    static let ledgerColumns = [
        "movement_id", "recorded_at", "product", "lot_number", "kind", "quantity_ml", "balance_ml", "reason", "actor",
        "session_id", "patient_mrn", "reverses_id", "vial_id",
    ]

    /// `audit ledger`: one row per stock movement, with the lot's balance after it.
    static func ledger(_ entries: [LedgerEntry]) -> Presentation {
        .listing(
            OutputTable(key: "movements", columns: ledgerColumns, rows: entries.map(ledgerRow)),
            notes: entries.isEmpty ? [noMovement] : [])
    }

    static let noMovement = "No stock movement matches."

    static func ledgerRow(_ entry: LedgerEntry) -> OutputRecord {
        let movement = entry.movement
        return [
            "movement_id": .integer(Int(movement.id)),
            "recorded_at": .time(movement.recordedAt),
            "product": .text(entry.productCode),
            "lot_number": .text(entry.lotNumber),
            "kind": .text(movement.kind.rawValue),
            "quantity_ml": .quantity(movement.quantityML),
            "balance_ml": .quantity(movement.balanceAfterML),
            "reason": .optional(movement.reason, OutputValue.text),
            "actor": .text(movement.actor),
            "session_id": .optional(movement.sessionID) { .integer(Int($0)) },
            "patient_mrn": .optional(entry.patientMRN, OutputValue.text),
            "reverses_id": .optional(movement.reversesID) { .integer(Int($0)) },
            "vial_id": .optional(movement.vialID) { .integer(Int($0)) },
        ]
    }
}
