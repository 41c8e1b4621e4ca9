import MesoCore

extension Presentation {
    /// `audit verify`: what was checked, and one row per discrepancy (the CSV is those rows).
    static func integrity(_ report: IntegrityReport) -> Presentation {
        let rows = report.discrepancies.map { found in
            [
                "rule": .text(found.rule.rawValue),
                "product": .optional(found.productCode, OutputValue.text),
                "lot_number": .optional(found.lotNumber, OutputValue.text),
                "session_id": .optional(found.sessionID) { .integer(Int($0)) },
                "movement_id": .optional(found.movementID) { .integer(Int($0)) },
                "recorded_ml": .optional(found.recordedML, OutputValue.quantity),
                "expected_ml": .optional(found.expectedML, OutputValue.quantity),
                "message": .text(found.message),
            ] as OutputRecord
        }
        let count = report.discrepancies.count
        return .document(
            [
                "holds": .boolean(report.holds),
                "lots_checked": .integer(report.lotsChecked),
                "movements_checked": .integer(report.movementsChecked),
                "sessions_checked": .integer(report.sessionsChecked),
                "guards_checked": .integer(report.guardsChecked),
                "discrepancies_found": .integer(count),
            ],
            tables: [
                OutputTable(
                    key: "discrepancies", title: report.holds ? nil : "Discrepancies",
                    columns: ["rule", "product", "lot_number", "session_id", "movement_id", "recorded_ml", "expected_ml", "message"],
                    rows: rows)
            ],
            notes: [
                report.holds
                    ? "Every rule holds: balances equal the ledger, no history went below zero, sessions match their ledger rows, and every guard is in place."
                    : "\(count) discrepanc\(count == 1 ? "y" : "ies") found."
            ])
    }
}
