#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import MesoCore

extension Presentation {
    /// `report expiry`: one row per lot on hand, soonest expiry first, then one per open vial by its
    /// beyond-use day (its `expiry` column), those past it in the bucket `to-discard`; a count per
    /// bucket for a person reading the table.
    static func expiry(_ report: ExpiryReport) -> Presentation {
        let lotRows = report.lots.map { lot in
            [
                "bucket": .text(lot.bucket.rawValue),
                "product": .text(lot.productCode),
                "product_name": .text(lot.productName),
                "lot_number": .text(lot.lotNumber),
                "vial_id": .null,
                "expiry": .date(lot.expiry),
                "days_left": .integer(lot.daysLeft),
                "on_hand_ml": .quantity(lot.onHandML),
                "status": .text(lot.status.rawValue),
            ] as OutputRecord
        }
        let vialRows = report.vials.map { vial in
            [
                "bucket": .text(vial.isToDiscard ? "to-discard" : vial.bucket.rawValue),
                "product": .text(vial.productCode),
                "product_name": .text(vial.productName),
                "lot_number": .text(vial.lotNumber),
                "vial_id": .integer(Int(vial.vialID)),
                "expiry": .date(vial.beyondUseDay),
                "days_left": .integer(vial.daysLeft),
                "on_hand_ml": .quantity(vial.remainingML),
                "status": .text(vial.status.rawValue),
                "opened_at": .time(vial.openedAt),
            ] as OutputRecord
        }
        var notes = [
            "Lots on hand expiring by \(report.horizon) (within \(report.withinDays) days of \(report.today)), and expired lots still on hand; open vials by their beyond-use day (in the expiry column)."
        ]
        for bucket in ExpiryBucket.allCases {
            let lots = report.lots.filter { $0.bucket == bucket }
            guard !lots.isEmpty else { continue }
            let total = lots.reduce(Decimal(0)) { $0 + $1.onHandML }
            let label = bucket == .expired ? "Expired, still on hand" : "\(bucket.rawValue) days"
            notes.append("\(label): \(lots.count) lot\(lots.count == 1 ? "" : "s"), \(total.fixed(scale: 3)) mL.")
        }
        let toDiscard = report.vials.filter(\.isToDiscard)
        if !toDiscard.isEmpty {
            let total = toDiscard.reduce(Decimal(0)) { $0 + $1.remainingML }
            notes.append(
                "To discard: \(toDiscard.count) open vial\(toDiscard.count == 1 ? "" : "s") past the beyond-use day, \(total.fixed(scale: 3)) mL (meso stock discard).")
        }
        return .listing(
            OutputTable(
                key: "lots",
                columns: ["bucket", "product", "product_name", "lot_number", "vial_id", "expiry", "days_left", "on_hand_ml", "status"],
                rows: lotRows + vialRows),
            notes: notes)
    }
}
