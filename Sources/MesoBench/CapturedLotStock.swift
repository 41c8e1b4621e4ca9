import Foundation
import MesoCore
import PostgresClient

/// pgbench replays each captured session on the very lots it drew, where meso's own clients draw
/// first expiry first out from every lot: a fast run of a replay would empty those lots and abort
/// on the ledger's `on_hand >= 0`. Before each pgbench run, each such lot is given, by a repeat
/// receipt (a delivery, as the pharmacist records one), enough for the most sessions the run could
/// record.
struct CapturedLotStock {
    /// What one replayed session draws from each lot, in mL (injected and wasted), and the lot.
    let draws: [Int64: (usage: SessionUsage, ml: Decimal)]

    init(_ sessions: some Sequence<CapturedSession>) {
        var draws: [Int64: (usage: SessionUsage, ml: Decimal)] = [:]
        for session in sessions {
            for usage in session.record.usage {
                let ml = usage.volumeML + usage.wasteML
                draws[usage.lotID] = (usage, max(draws[usage.lotID]?.ml ?? 0, ml))
            }
        }
        self.draws = draws
    }

    /// Tops up every lot to what `sessionsAtMost` sessions of the replay drawing only from it take.
    func topUp(on connection: PostgresConnection, sessionsAtMost: Int) throws {
        let stock = StockService(connection: connection, actor: try Actor("bench"))
        for lotID in draws.keys.sorted() {
            let (usage, ml) = draws[lotID]!
            let row = try connection.query(
                """
                SELECT l.on_hand_ml, p.vial_ml FROM lot l JOIN product p ON p.code = l.product_code
                 WHERE l.id = \(lotID) AND l.status = 'released'
                """
            ).first
            guard let row else { continue }
            let onHand: Decimal = try row.decode("on_hand_ml")
            let vialML: Decimal = try row.decode("vial_ml")
            let missing = ml * Decimal(sessionsAtMost) - onHand
            guard missing > 0 else { continue }
            let vials = NSDecimalNumber(decimal: missing / vialML).intValue + 1
            _ = try stock.receive(
                try LotReceipt(
                    product: try ProductCode(usage.productCode, field: "\(.product)"),
                    lot: try LotNumber(usage.lotNumber, field: "\(.lot)"), expiry: usage.expiry,
                    vials: try VialCount(String(vials), field: "\(.vials)"),
                    supplier: try Name("MesoBench top-up", field: "\(.supplier)"), quarantine: false))
        }
    }
}
