#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import MesoCore

extension Presentation {
    /// `report usage`: one row per period and product, or per period and compound.
    static func usage(_ report: UsageReport) -> Presentation {
        let request = report.request
        let period: (UsagePeriod) -> OutputRecord = { ["period_start": .date($0.start), "period_end": .date($0.end)] }
        var notes = [
            "Delivered in performed sessions from \(request.from) to \(request.to) (the clinic's days), \(request.period == .month ? "per calendar month" : "over the whole range"); cancelled sessions count for nothing."
        ]
        let table: OutputTable
        switch request.grouping {
        case .product:
            table = OutputTable(
                key: "usage",
                columns: ["period_start", "period_end", "product", "product_name", "delivered_ml", "waste_ml", "sessions"],
                rows: report.periods.flatMap { slice in
                    slice.products.map { usage in
                        period(slice)
                            + [
                                "product": .text(usage.productCode), "product_name": .text(usage.productName),
                                "delivered_ml": .quantity(usage.deliveredML), "waste_ml": .quantity(usage.wasteML),
                                "sessions": .integer(usage.sessions),
                            ]
                    }
                })
            notes.append("Waste is the unused remainder of opened single-use vials, never injected.")
        case .compound:
            table = OutputTable(
                key: "usage",
                columns: ["period_start", "period_end", "compound", "compound_name", "amount", "unit", "role", "products"],
                rows: report.periods.flatMap { slice in
                    slice.compounds.map { total in
                        period(slice)
                            + [
                                "compound": .text(total.compound.code), "compound_name": .text(total.compound.name),
                                "amount": .decimal(total.amount, scale: min(max(3, total.amount.significantDecimals), 6)),
                                "unit": .text(total.unit.rawValue), "role": .text(total.compound.role.rawValue),
                                "products": .text(total.productCodes.joined(separator: ", ")),
                            ]
                    }
                })
            notes.append("A compound given in mg by one product and in ug by another is summed in mg; IU is never added to a mass.")
        }
        if report.periods.isEmpty { notes.append("Nothing was delivered in this range.") }
        return .listing(table, notes: notes)
    }
}
