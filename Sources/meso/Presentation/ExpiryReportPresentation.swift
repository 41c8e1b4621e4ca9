#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import MesoCore

extension Presentation {
    /// `report expiry`: one row per lot on hand, soonest expiry first, with a count per bucket for
    /// a person reading the table.
    static func expiry(_ report: ExpiryReport) -> Presentation {
        let rows = report.lots.map { lot in
            [
                "bucket": .text(lot.bucket.rawValue),
                "product": .text(lot.productCode),
                "product_name": .text(lot.productName),
                "lot_number": .text(lot.lotNumber),
                "expiry": .date(lot.expiry),
                "days_left": .integer(lot.daysLeft),
                "on_hand_ml": .quantity(lot.onHandML),
                "status": .text(lot.status.rawValue),
            ] as OutputRecord
        }
        var notes = [
            "Lots on hand expiring by \(report.horizon) (within \(report.withinDays) days of \(report.today)), and expired lots still on hand."
        ]
        for bucket in ExpiryBucket.allCases {
            let lots = report.lots.filter { $0.bucket == bucket }
            guard !lots.isEmpty else { continue }
            let total = lots.reduce(Decimal(0)) { $0 + $1.onHandML }
            let label = bucket == .expired ? "Expired, still on hand" : "\(bucket.rawValue) days"
            notes.append("\(label): \(lots.count) lot\(lots.count == 1 ? "" : "s"), \(total.fixed(scale: 3)) mL.")
        }
        return .listing(
            OutputTable(
                key: "lots",
                columns: ["bucket", "product", "product_name", "lot_number", "expiry", "days_left", "on_hand_ml", "status"],
                rows: rows),
            notes: notes)
    }
}
