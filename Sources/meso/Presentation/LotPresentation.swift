import MesoCore

enum LotPresentation {
    static let columns = [
        "product_code", "lot_number", "expiry", "status", "usable", "unusable_reason", "on_hand_ml", "received_ml",
        "receipt_count", "open_vials", "to_discard_ml",
    ]

    static func record(_ lot: Lot) -> OutputRecord {
        [
            "product_code": .text(lot.productCode), "product_name": .text(lot.productName),
            "lot_number": .text(lot.lotNumber), "expiry": .date(lot.expiry), "status": .text(lot.status.rawValue),
            "usable": .boolean(lot.usability.isUsable), "unusable_reason": unusableReason(lot.usability),
            "on_hand_ml": .quantity(lot.onHandML), "usable_ml": .quantity(lot.usableML),
            "sealed_vials": .optional(lot.sealedVials, OutputValue.integer), "open_vials": .integer(lot.openVials.count),
            "to_discard_ml": .quantity(lot.toDiscardML), "vials_received": .integer(lot.vialsReceived),
            "received_ml": .quantity(lot.receivedML), "receipt_count": .integer(lot.receipts),
            "suppliers": .list(lot.suppliers.map(OutputValue.text)), "received_at": .time(lot.receivedAt),
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
                "balance_after_ml": .quantity(movement.balanceAfterML), "vial_id": .optional(movement.vialID) { .integer(Int($0)) },
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
        var notes: [String] = []
        let toDiscard = history.vials.filter { $0.state == .toDiscard }
        if !toDiscard.isEmpty {
            notes.append(
                "To discard: open vial \(toDiscard.map { String($0.id) }.joined(separator: ", ")) past its beyond-use day, never drawn again (meso stock discard --product \(history.lot.productCode) --lot \(history.lot.lotNumber)).")
        }
        return .document(
            record(history.lot),
            tables: [
                OutputTable(
                    key: "receipts", title: "Receipts",
                    columns: ["received_at", "vials", "received_ml", "supplier", "recorded_by", "serials"],
                    rows: history.receipts.map(receipt)),
                OutputTable(
                    key: "vials", title: "Opened vials",
                    columns: ["vial_id", "opened_at", "beyond_use_day", "remaining_ml", "state", "opened_by_session"],
                    rows: history.vials.map(vial)),
                OutputTable(
                    key: "movements", title: "Ledger",
                    columns: [
                        "id", "recorded_at", "kind", "quantity_ml", "balance_after_ml", "vial_id", "reason", "actor", "session_id",
                    ],
                    rows: movements),
                OutputTable(
                    key: "status_history", title: "Status history",
                    columns: ["changed_at", "from_status", "to_status", "reason", "changed_by"], rows: changes),
            ],
            notes: notes)
    }

    static func receipt(_ receipt: RecordedReceipt) -> OutputRecord {
        [
            "receipt_id": .integer(Int(receipt.id)), "received_at": .time(receipt.receivedAt),
            "vials": .integer(receipt.vials), "received_ml": .quantity(receipt.receivedML),
            "supplier": .optional(receipt.supplier, OutputValue.text), "recorded_by": .text(receipt.recordedBy),
            "recorded_login": .text(receipt.recordedLogin), "recorded_at": .time(receipt.recordedAt),
            "movement_id": .integer(Int(receipt.movementID)), "packs": .integer(receipt.packs.count),
            "serials": .list(receipt.serials.map(OutputValue.text)),
            "element_strings": .list(receipt.packs.compactMap(\.elementString).map(OutputValue.text)),
        ]
    }

    static func vial(_ vial: VialRecord) -> OutputRecord {
        [
            "vial_id": .integer(Int(vial.id)), "opened_at": .time(vial.openedAt), "beyond_use_day": .date(vial.beyondUseDay),
            "content_ml": .quantity(vial.contentML), "remaining_ml": .quantity(vial.remainingML),
            "state": .text(vial.state.rawValue), "opened_by_session": .optional(vial.openedBySession) { .integer(Int($0)) },
        ]
    }

    static func received(_ received: ReceivedLot) -> Presentation {
        let lot = received.lot
        let receipt = received.receipt
        var fields = record(lot)
        fields.append("receipt_id", .integer(Int(receipt.id)))
        fields.append("receipt_received_at", .time(receipt.receivedAt))
        fields.append("receipt_vials", .integer(receipt.vials))
        fields.append("receipt_ml", .quantity(receipt.receivedML))
        fields.append("receipt_supplier", .optional(receipt.supplier, OutputValue.text))
        fields.append("receipt_serials", .list(receipt.serials.map(OutputValue.text)))
        let brought = "\(receipt.vials) vial(s), \(receipt.receivedML.fixed(scale: 3)) mL"
        let note =
            received.isNew
            ? "Received \(lot.label): \(brought), \(lot.status.rawValue)."
            : "Received another delivery of \(lot.label): \(brought) (\(lot.receipts) receipts, \(lot.receivedML.fixed(scale: 3)) mL in all); it stays \(lot.status.rawValue)."
        return .document(fields, notes: [note])
    }

    /// `lot receive --scans`: one row per lot of the delivery.
    static func delivery(_ lots: [ReceivedLot]) -> Presentation {
        let rows = lots.map { received in
            [
                "product_code": .text(received.lot.productCode), "lot_number": .text(received.lot.lotNumber),
                "expiry": .date(received.lot.expiry), "new_lot": .boolean(received.isNew),
                "status": .text(received.lot.status.rawValue), "packs": .integer(received.receipt.packs.count),
                "vials": .integer(received.receipt.vials), "received_ml": .quantity(received.receipt.receivedML),
                "on_hand_ml": .quantity(received.lot.onHandML),
                "serials": .list(received.receipt.serials.map(OutputValue.text)),
            ] as OutputRecord
        }
        let packs = lots.reduce(0) { $0 + $1.receipt.packs.count }
        let new = lots.filter(\.isNew).count
        return .listing(
            OutputTable(
                key: "lots",
                columns: ["product_code", "lot_number", "expiry", "new_lot", "status", "packs", "vials", "received_ml", "serials"],
                rows: rows),
            notes: ["Received \(packs) pack(s) in \(lots.count) lot(s), \(new) of them new."])
    }

    /// After a status change, a count, waste or a discard: the lot as it stands and what was written.
    static func updated(_ update: LotUpdate, _ note: String) -> Presentation {
        var fields = record(update.lot)
        if let first = update.movements.first {
            fields.append("movement_kind", .text(first.kind.rawValue))
            fields.append("quantity_ml", .quantity(update.quantityML))
            fields.append("balance_after_ml", .quantity(update.movements.last!.balanceAfterML))
            fields.append("movements", .list(update.movements.map { movement in
                .record([
                    "id": .integer(Int(movement.id)), "kind": .text(movement.kind.rawValue),
                    "quantity_ml": .quantity(movement.quantityML), "vial_id": .optional(movement.vialID) { .integer(Int($0)) },
                    "balance_after_ml": .quantity(movement.balanceAfterML),
                    "reason": .optional(movement.reason, OutputValue.text),
                ])
            }))
        }
        if let change = update.statusChange {
            fields.append("from_status", .optional(change.fromStatus?.rawValue, OutputValue.text))
            fields.append("to_status", .text(change.toStatus.rawValue))
        }
        return .document(fields, notes: [note])
    }
}
