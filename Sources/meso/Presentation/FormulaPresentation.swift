import MesoCore

/// How formulas look in every output format.
enum FormulaPresentation {
    static func listing(_ formulas: [FormulaVersion]) -> Presentation {
        let rows = formulas.map { formula in
            [
                "code": .text(formula.code), "version": .integer(formula.version), "name": .text(formula.name),
                "components": .integer(formula.components.count), "min_interval_days": .integer(formula.minIntervalDays),
                "indication": .optional(formula.indication, OutputValue.text),
            ] as OutputRecord
        }
        return .listing(
            OutputTable(
                key: "formulas", columns: ["code", "version", "name", "components", "min_interval_days"], rows: rows),
            notes: ["\(formulas.count) formula\(formulas.count == 1 ? "" : "s") (latest versions)."])
    }

    /// One version: its facts, its components, and the compound totals one session delivers.
    static func composition(_ composition: FormulaComposition, notes: [String] = []) -> Presentation {
        let formula = composition.formula
        let fields: OutputRecord = [
            "code": .text(formula.code), "version": .integer(formula.version), "name": .text(formula.name),
            "indication": .optional(formula.indication, OutputValue.text),
            "min_interval_days": .integer(formula.minIntervalDays), "created_at": .time(formula.createdAt),
            "created_by": .text(formula.createdBy),
        ]
        let components = formula.components.map { component in
            [
                "position": .integer(component.position), "product": .text(component.productCode),
                "product_name": .text(component.productName), "volume_ml": .quantity(component.volumeML),
            ] as OutputRecord
        }
        let totals = composition.totals.map { total in
            [
                "compound": .text(total.compound.code), "compound_name": .text(total.compound.name),
                "role": .text(total.compound.role.rawValue), "amount": .quantity(total.amount), "unit": .text(total.unit.rawValue),
                "products": .text(total.productCodes.joined(separator: ", ")),
            ] as OutputRecord
        }
        return .document(
            fields,
            tables: [
                OutputTable(
                    key: "components", title: "Components", columns: ["position", "product", "volume_ml", "product_name"],
                    rows: components),
                OutputTable(
                    key: "compound_totals", title: "Compound totals per session",
                    columns: ["compound", "amount", "unit", "role", "products"], rows: totals),
                OutputTable(
                    key: "changes", title: formula.version == 1 ? "Changes (version 1: none)" : "Changes from version \(formula.version - 1)",
                    columns: ["field", "before", "after"],
                    rows: composition.changes.map { change in
                        [
                            "field": .text(change.field), "before": .optional(change.before, OutputValue.text),
                            "after": .optional(change.after, OutputValue.text),
                        ] as OutputRecord
                    }),
            ], notes: notes)
    }
}
