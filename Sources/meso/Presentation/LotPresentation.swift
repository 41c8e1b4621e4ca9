import MesoCore

enum LotPresentation {
    static let columns = [
        "product_code", "lot_number", "expiry", "status", "usable", "unusable_reason", "on_hand_ml", "received_ml",
        "supplier", "serial",
    ]

    static func record(_ lot: Lot) -> OutputRecord {
        [
            "product_code": .text(lot.productCode), "product_name": .text(lot.productName),
            "lot_number": .text(lot.lotNumber), "expiry": .date(lot.expiry), "status": .text(lot.status.rawValue),
            "usable": .boolean(lot.usability.isUsable), "unusable_reason": unusableReason(lot.usability),
            "on_hand_ml": .quantity(lot.onHandML), "vials_received": .integer(lot.vialsReceived),
            "received_ml": .quantity(lot.receivedML), "supplier": .optional(lot.supplier, OutputValue.text),
            "serial": .optional(lot.serial, OutputValue.text), "received_at": .time(lot.receivedAt),
            "received_by": .text(lot.receivedBy),
        ]
    }

    static func unusableReason(_ usability: LotUsability) -> OutputValue {
        if case .unusable(let reason) = usability { return .text(reason.rawValue) }
        return .null
    }

    static func listing(_ lots: [Lot]) -> Presentation {
        .listing(
            OutputTable(key: "lots", columns: columns, rows: lots.map(record)),
            notes: ["\(lots.count) lot(s)."])
    }

    static func history(_ history: LotHistory) -> Presentation {
        let movements = history.movements.map { movement in
            [
                "id": .integer(Int(movement.id)), "recorded_at": .time(movement.recordedAt),
                "kind": .text(movement.kind.rawValue), "quantity_ml": .quantity(movement.quantityML),
                "balance_after_ml": .quantity(movement.balanceAfterML),
                "reason": .optional(movement.reason, OutputValue.text), "actor": .text(movement.actor),
                "session_id": .optional(movement.sessionID) { .integer(Int($0)) },
            ] as OutputRecord
        }
        let changes = history.statusChanges.map { change in
            [
                "changed_at": .time(change.changedAt), "from_status": .optional(change.fromStatus?.rawValue, OutputValue.text),
                "to_status": .text(change.toStatus.rawValue), "reason": .text(change.reason),
                "changed_by": .text(change.changedBy),
            ] as OutputRecord
        }
        return .document(
            record(history.lot),
            tables: [
                OutputTable(
                    key: "movements", title: "Ledger",
                    columns: ["id", "recorded_at", "kind", "quantity_ml", "balance_after_ml", "reason", "actor", "session_id"],
                    rows: movements),
                OutputTable(
                    key: "status_history", title: "Status history",
                    columns: ["changed_at", "from_status", "to_status", "reason", "changed_by"], rows: changes),
            ])
    }

    static func received(_ lot: Lot) -> Presentation {
        .document(
            record(lot),
            notes: ["Received \(lot.label): \(lot.receivedML.fixed(scale: 3)) mL, \(lot.status.rawValue)."])
    }

    /// After a status change, a count or waste: the lot as it stands and what was written.
    static func updated(_ update: LotUpdate, _ note: String) -> Presentation {
        var fields = record(update.lot)
        if let movement = update.movement {
            fields.append("movement_kind", .text(movement.kind.rawValue))
            fields.append("quantity_ml", .quantity(movement.quantityML))
            fields.append("balance_after_ml", .quantity(movement.balanceAfterML))
        }
        if let change = update.statusChange {
            fields.append("from_status", .optional(change.fromStatus?.rawValue, OutputValue.text))
            fields.append("to_status", .text(change.toStatus.rawValue))
        }
        return .document(fields, notes: [note])
    }
}
