import MesoCore

/// `meso stock`: one row per product (JSON nests its lots); the table adds the lots, usable ones
/// numbered in the order sessions draw them.
enum StockPresentation {
    static func listing(_ stock: [ProductStock]) -> Presentation {
        var lotRows: [OutputRecord] = []
        let products = stock.map { product in
            let lots = product.lots.enumerated().map { index, lot in
                var row = lotRecord(lot)
                row.fields.insert(OutputField(key: "draw_order", value: lot.usability.isUsable ? .integer(index + 1) : .null), at: 0)
                lotRows.append(["product_code": .text(product.productCode)] + row)
                return row
            }
            return [
                "product_code": .text(product.productCode), "product_name": .text(product.productName),
                "usable_ml": .quantity(product.usableML), "on_hand_ml": .quantity(product.onHandML),
                "reorder_ml": .quantity(product.reorderML), "below_reorder": .boolean(product.isBelowReorder),
                "lot_count": .integer(product.lots.count), "lots": .list(lots.map(OutputValue.record)),
            ] as OutputRecord
        }
        let below = stock.filter(\.isBelowReorder).count
        return Presentation(
            shape: .listing, fields: OutputRecord(),
            tables: [
                OutputTable(
                    key: "stock",
                    columns: ["product_code", "product_name", "usable_ml", "on_hand_ml", "reorder_ml", "below_reorder", "lot_count"],
                    rows: products),
                OutputTable(
                    key: "lots", title: "Lots, usable first in FEFO order (first expiry first out)",
                    columns: [
                        "product_code", "draw_order", "lot_number", "expiry", "status", "on_hand_ml", "usable",
                        "unusable_reason",
                    ],
                    rows: lotRows),
            ],
            notes: ["\(stock.count) product(s), \(below) at or below the reorder point."])
    }

    private static func lotRecord(_ lot: Lot) -> OutputRecord {
        LotPresentation.record(lot).selecting(["lot_number", "expiry", "status", "on_hand_ml", "usable", "unusable_reason"])
    }
}
