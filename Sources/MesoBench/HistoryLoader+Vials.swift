import Foundation
import MesoCore
import PostgresClient

extension HistoryLoader {
    /// Each lot's receipt (one each, with its ledger row) and the vials sessions opened, holding what
    /// the ledger rows naming them left (Schema/0015).
    func loadReceiptsAndVials(_ connection: PostgresConnection) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        counts.merge(
            try copy(
                connection, "lot_receipt",
                [
                    "lot_id", "received_at", "vials", "received_ml", "supplier", "movement_id", "recorded_at", "recorded_by",
                    "recorded_login",
                ]
            ) { rows in
                for (index, lot) in history.lots.enumerated() {
                    let receipt = history.ledger[lot.receiptRow]
                    try rows.append([
                        String(index + 1), CopyText.timestamp(lot.receivedAt), String(lot.vials),
                        CopyText.milli(Int64(lot.vials) * catalog.products[lot.product].vialMilli), lot.supplier,
                        String(lot.receiptRow + 1), CopyText.timestamp(receipt.recordedAt), history.actors[Int(receipt.actor)],
                        "meso-bench",
                    ])
                }
            }, uniquingKeysWith: +)
        counts.merge(
            try copy(
                connection, "vial",
                [
                    "lot_id", "opened_at", "content_ml", "remaining_ml", "opened_by_session", "recorded_at", "recorded_by",
                    "recorded_login",
                ]
            ) { rows in
                for vial in history.vials {
                    try rows.append([
                        String(vial.lot + 1), CopyText.timestamp(vial.openedAt), CopyText.milli(vial.contentMilli),
                        CopyText.milli(vial.remainingMilli), String(vial.openedBySession + 1), CopyText.timestamp(vial.recordedAt),
                        history.actors[Int(vial.actor)], "meso-bench",
                    ])
                }
            }, uniquingKeysWith: +)
        return counts
    }
}
