#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Rule 7: the total of a compound with a dose limit, over every product of the formula, must
/// not exceed the limit per kg of the patient's weight nor its absolute cap.
enum DoseLimitRule {
    static func findings(_ facts: CheckFacts) -> [CheckFinding] {
        // Only the compounds that have a limit need their totals: summing every ingredient of a
        // cocktail of fifty compounds in Decimal is most of the check's time otherwise.
        let limited = Set(facts.doseLimits.map(\.compoundCode))
        guard !limited.isEmpty else { return [] }
        let present = Set(facts.composition.ingredients.map(\.compound.code))
        let totals = CompoundTotal.totals(
            components: facts.composition.formula.components,
            ingredients: facts.composition.ingredients.filter { limited.contains($0.compound.code) })
        var findings: [CheckFinding] = []
        for total in totals {
            guard let limit = applicableLimit(for: total.compound.code, in: facts.doseLimits, present: present) else {
                continue
            }
            let code = total.compound.code
            let products = AllergyRule.list(total.productCodes)
            let with = limit.withCompound.map { " (the limit with \($0))" } ?? ""
            func report(_ severity: CheckFinding.Severity, _ message: String) {
                findings.append(
                    CheckFinding(
                        severity: severity, rule: .doseLimit, message: message, compoundCode: code,
                        productCode: total.productCodes.first))
            }
            guard let mg = total.milligrams else {
                report(.warn, "The dose of \(code) in \(products) is given in IU and could not be checked against its limit in mg.")
                continue
            }
            var ceiling = limit.maxMG
            var basis = "the cap of \(limit.maxMG.fixed(scale: 3)) mg\(with)"
            if let weight = facts.patient.weightKG {
                let perKG = limit.mgPerKG * weight
                if perKG < ceiling {
                    ceiling = perKG
                    basis = "\(limit.mgPerKG) mg/kg × \(weight) kg, at most \(limit.maxMG) mg\(with)"
                }
            } else {
                report(
                    .warn,
                    "The weight of \(facts.patient.mrn) is unknown, so \(code) \(mg.fixed(scale: 3)) mg could not be checked against \(limit.mgPerKG) mg/kg\(with); record the weight."
                )
            }
            if mg > ceiling {
                report(
                    .block,
                    "\(code) \(mg.fixed(scale: 3)) mg from \(products) exceeds the limit of \(ceiling.fixed(scale: 3)) mg (\(basis))."
                )
            }
        }
        return findings
    }

    /// The limit for a compound given what else the cocktail contains: a limit "with" a compound
    /// present replaces the plain one; if several apply, the lowest cap is the one kept.
    static func applicableLimit(for compound: String, in limits: [DoseLimit], present: Set<String>) -> DoseLimit? {
        let own = limits.filter { $0.compoundCode == compound }
        let conditional = own.filter { limit in limit.withCompound.map(present.contains) ?? false }
        let candidates = conditional.isEmpty ? own.filter { $0.withCompound == nil } : conditional
        return candidates.min { ($0.maxMG, $0.mgPerKG) < ($1.maxMG, $1.mgPerKG) }
    }
}
