import MesoCore

/// `meso stock`: one row per product (JSON nests its lots); the table adds the lots, usable ones
/// numbered in the order sessions draw them, and the open vials waiting to be discarded.
enum StockPresentation {
    static func listing(_ stock: [ProductStock]) -> Presentation {
        var lotRows: [OutputRecord] = []
        var discardRows: [OutputRecord] = []
        let products = stock.map { product in
            let lots = product.lots.enumerated().map { index, lot in
                var row = lotRecord(lot)
                row.fields.insert(OutputField(key: "draw_order", value: lot.usability.isUsable ? .integer(index + 1) : .null), at: 0)
                lotRows.append(["product_code": .text(product.productCode)] + row)
                return row
            }
            let discard = product.vialsToDiscard.map { lot, vial in
                [
                    "product_code": .text(product.productCode), "lot_number": .text(lot.lotNumber),
                    "vial_id": .integer(Int(vial.id)), "opened_at": .time(vial.openedAt),
                    "beyond_use_day": .date(vial.beyondUseDay), "remaining_ml": .quantity(vial.remainingML),
                ] as OutputRecord
            }
            discardRows += discard
            return [
                "product_code": .text(product.productCode), "product_name": .text(product.productName),
                "usable_ml": .quantity(product.usableML), "on_hand_ml": .quantity(product.onHandML),
                "to_discard_ml": .quantity(product.toDiscardML), "reorder_ml": .quantity(product.reorderML),
                "below_reorder": .boolean(product.isBelowReorder), "lot_count": .integer(product.lots.count),
                "lots": .list(lots.map(OutputValue.record)), "vials_to_discard": .list(discard.map(OutputValue.record)),
            ] as OutputRecord
        }
        let below = stock.filter(\.isBelowReorder).count
        var notes = ["\(stock.count) product(s), \(below) at or below the reorder point."]
        if !discardRows.isEmpty {
            notes.append(
                "\(discardRows.count) open vial(s) past their beyond-use day wait to be discarded: meso stock discard --product P --lot L.")
        }
        var tables = [
            OutputTable(
                    key: "stock",
                    columns: [
                        "product_code", "product_name", "usable_ml", "on_hand_ml", "to_discard_ml", "reorder_ml", "below_reorder",
                        "lot_count",
                    ],
                    rows: products),
                OutputTable(
                    key: "lots", title: "Lots, usable first in FEFO order (first expiry first out)",
                    columns: [
                        "product_code", "draw_order", "lot_number", "expiry", "status", "on_hand_ml", "sealed_vials", "open_vials",
                        "usable", "unusable_reason",
                    ],
                    rows: lotRows),
            ]
        if !discardRows.isEmpty {
            tables.append(
                OutputTable(
                    key: "vials_to_discard", title: "Open vials to discard (past their beyond-use day, never drawn)",
                    columns: ["product_code", "lot_number", "vial_id", "opened_at", "beyond_use_day", "remaining_ml"],
                    rows: discardRows))
        }
        return Presentation(shape: .listing, fields: OutputRecord(), tables: tables, notes: notes)
    }

    private static func lotRecord(_ lot: Lot) -> OutputRecord {
        LotPresentation.record(lot).selecting([
            "lot_number", "expiry", "status", "on_hand_ml", "usable_ml", "sealed_vials", "open_vials", "to_discard_ml",
            "usable", "unusable_reason",
        ])
    }
}
