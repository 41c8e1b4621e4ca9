#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One difference between a formula version and the one before it: a field, or a component added,
/// removed or given another volume.
public struct FormulaChange: Sendable, Hashable {
    /// `name`, `indication`, `min_interval_days`, or `component PRODUCT` (its mL per session).
    public let field: String
    /// Nil: the field was empty, or the component was added.
    public let before: String?
    /// Nil: the field was emptied, or the component was removed.
    public let after: String?

    /// What changed from `previous` to `current`, fields first, then components in the new order,
    /// then the components removed.
    public static func between(_ previous: FormulaVersion?, _ current: FormulaVersion) -> [FormulaChange] {
        guard let previous else { return [] }
        var changes: [FormulaChange] = []
        if previous.name != current.name {
            changes.append(FormulaChange(field: "name", before: previous.name, after: current.name))
        }
        if previous.indication != current.indication {
            changes.append(FormulaChange(field: "indication", before: previous.indication, after: current.indication))
        }
        if previous.minIntervalDays != current.minIntervalDays {
            changes.append(
                FormulaChange(
                    field: "min_interval_days", before: String(previous.minIntervalDays),
                    after: String(current.minIntervalDays)))
        }
        let before = Dictionary(previous.components.map { ($0.productCode, $0.volumeML) }, uniquingKeysWith: { a, _ in a })
        let after = Set(current.components.map(\.productCode))
        for component in current.components where before[component.productCode] != component.volumeML {
            changes.append(
                FormulaChange(
                    field: "component \(component.productCode)", before: before[component.productCode]?.fixed(scale: 3),
                    after: component.volumeML.fixed(scale: 3)))
        }
        for component in previous.components where !after.contains(component.productCode) {
            changes.append(
                FormulaChange(field: "component \(component.productCode)", before: component.volumeML.fixed(scale: 3), after: nil))
        }
        return changes
    }
}
