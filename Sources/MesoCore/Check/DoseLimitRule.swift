#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Rule 8: dose limits, per patient and clinic day.
///
/// Local anaesthetic systemic toxicity is additive: over every local anaesthetic of the cocktail and
/// of the patient's other performed sessions of the same clinic day, the fractions (mg given / the
/// patient's limit for it) are summed, and a sum above 1 blocks, naming each drug's share and how
/// much less would fit. No override lifts it: a cosmetic procedure has no reason to exceed a maximum
/// dose. A patient's limit is the per-kg figure times the weight, at most the cap (the cap alone when
/// the weight is unknown, which warns). The with-vasoconstrictor limit applies to the part given in a
/// product that itself carries epinephrine at 5 µg/mL or more (`Vasoconstrictor`). A compound with a
/// limit that is no local anaesthetic is judged on its own fraction. A local anaesthetic with no limit
/// on file is never passed silently: it warns that its dose could not be checked.
enum DoseLimitRule {
    /// What one product delivers of one compound, in this cocktail or an earlier session of the day.
    struct Portion {
        let compound: String
        let productCode: String
        let milligrams: Decimal
        /// The product carries epinephrine at a vasoconstrictive strength.
        let vasoconstricted: Bool
        /// Nil for this cocktail.
        let sessionID: Int64?
        /// For this cocktail: mg of the compound per mL of the product, and the mL given.
        let mgPerML: Decimal?
        let volumeML: Decimal?
    }

    /// A portion with the limit that applies to it and its fraction of that limit.
    struct Share {
        let portion: Portion
        let limit: DoseLimit
        let limitMG: Decimal
        var fraction: Decimal { portion.milligrams / limitMG }
    }

    static func findings(_ facts: CheckFacts) -> [CheckFinding] {
        let limited = Set(facts.doseLimits.map(\.compoundCode))
        let relevant = limited.union(facts.anaesthetics)
        var findings: [CheckFinding] = []
        let (cocktail, uncountable) = cocktailPortions(facts, relevant: relevant)
        for (compound, product) in uncountable {
            findings.append(
                CheckFinding(
                    severity: .warn, rule: .doseLimit,
                    message: "The dose of \(compound) in \(product) is given in IU and could not be checked against its limit in mg.",
                    compoundCode: compound, productCode: product))
        }
        guard !cocktail.isEmpty else { return findings }
        let earlier = facts.sameDayDoses.compactMap { dose -> Portion? in
            guard relevant.contains(dose.compoundCode), let mg = dose.unit.milligrams(dose.amount) else { return nil }
            return Portion(
                compound: dose.compoundCode, productCode: dose.productCode, milligrams: mg,
                vasoconstricted: Vasoconstrictor.constricts(epinephrineUGPerML: dose.epinephrineUGPerML),
                sessionID: dose.sessionID, mgPerML: nil, volumeML: nil)
        }
        let weight = facts.patient.weightKG
        var shares: [Share] = []
        var unchecked: [Portion] = []
        for portion in cocktail + earlier {
            if let limit = applicableLimit(portion, facts.doseLimits) {
                shares.append(Share(portion: portion, limit: limit, limitMG: limit.milligrams(forWeight: weight)))
            } else if facts.anaesthetics.contains(portion.compound) {
                unchecked.append(portion)
            }
        }

        for portion in unchecked {
            let source =
                portion.sessionID.map { "given earlier today in session \($0) (\(portion.productCode))" }
                ?? "in \(portion.productCode)"
            let kind = portion.vasoconstricted ? "plain or with-vasoconstrictor" : "plain"
            findings.append(
                CheckFinding(
                    severity: .warn, rule: .doseLimit,
                    message:
                        "\(portion.compound) \(portion.milligrams.fixed(scale: 3)) mg \(source) is a local anaesthetic with no \(kind) dose limit on file, so its dose could not be checked; the pharmacist sets one with compound limit set.",
                    compoundCode: portion.compound, productCode: portion.productCode))
        }
        let checkedNow = shares.filter { $0.portion.sessionID == nil }
        if weight == nil, !checkedNow.isEmpty {
            let compounds = Array(Set(checkedNow.map(\.portion.compound))).sorted().joined(separator: ", ")
            findings.append(
                CheckFinding(
                    severity: .warn, rule: .doseLimit,
                    message:
                        "The weight of \(facts.patient.mrn) is unknown, so the per-kg limit of \(compounds) could not be checked (the caps still apply); record the weight with patient update.",
                    compoundCode: checkedNow.first?.portion.compound))
        }

        // Local anaesthetics add up; any other compound with a limit is judged alone.
        let anaesthetic = shares.filter { facts.anaesthetics.contains($0.portion.compound) }
        if anaesthetic.contains(where: { $0.portion.sessionID == nil }) {
            findings += overLimit(anaesthetic, label: "Local anaesthetics", weight: weight)
        }
        let others = shares.filter { !facts.anaesthetics.contains($0.portion.compound) }
        for compound in orderedCompounds(others.filter { $0.portion.sessionID == nil }) {
            findings += overLimit(others.filter { $0.portion.compound == compound }, label: compound, weight: weight)
        }
        return findings
    }

    /// The portions of the cocktail, in component then ingredient order, and those given in IU.
    static func cocktailPortions(_ facts: CheckFacts, relevant: Set<String>)
        -> (portions: [Portion], uncountable: [(String, String)])
    {
        var portions: [Portion] = []
        var uncountable: [(String, String)] = []
        let ingredients = facts.composition.ingredients
        for component in facts.formula.components {
            let epinephrine = Vasoconstrictor.epinephrineUGPerML(of: component.productCode, in: ingredients)
            for ingredient in ingredients
            where ingredient.productCode == component.productCode && relevant.contains(ingredient.compound.code) {
                guard let mgPerML = ingredient.unit.milligrams(ingredient.amountPerML) else {
                    uncountable.append((ingredient.compound.code, component.productCode))
                    continue
                }
                portions.append(
                    Portion(
                        compound: ingredient.compound.code, productCode: component.productCode,
                        milligrams: mgPerML * component.volumeML,
                        vasoconstricted: Vasoconstrictor.constricts(epinephrineUGPerML: epinephrine), sessionID: nil,
                        mgPerML: mgPerML, volumeML: component.volumeML))
            }
        }
        return (portions, uncountable)
    }

    /// The with-vasoconstrictor limit for a portion given with epinephrine when there is one, else
    /// the plain limit (never the higher one for a plain solution).
    static func applicableLimit(_ portion: Portion, _ limits: [DoseLimit]) -> DoseLimit? {
        let own = limits.filter { $0.compoundCode == portion.compound }
        if portion.vasoconstricted, let raised = own.first(where: \.withVasoconstrictor) { return raised }
        return own.first { !$0.withVasoconstrictor }
    }

    /// A block when the shares sum above 1.
    private static func overLimit(_ shares: [Share], label: String, weight: Decimal?) -> [CheckFinding] {
        let total = shares.reduce(Decimal(0)) { $0 + $1.fraction }
        guard total > 1 else { return [] }
        let parts = shares.map { share in
            let source =
                share.portion.sessionID.map { "given earlier today in session \($0) (\(share.portion.productCode))" }
                ?? "in \(share.portion.productCode)"
            return
                "\(share.portion.compound) \(share.portion.milligrams.fixed(scale: 3)) mg \(source), \(percent(share.fraction)) of \(share.limitMG.fixed(scale: 3)) mg (\(basis(share.limit, weight: weight)))"
        }
        let summed = shares.count > 1 ? "; together \(percent(total, roundingUp: true)) of the limit" : ""
        let first = shares.first { $0.portion.sessionID == nil } ?? shares[0]
        return [
            CheckFinding(
                severity: .block, rule: .doseLimit,
                message:
                    "\(label) over the day's limit\(shares.count > 1 ? " (their toxicity adds up)" : ""): \(parts.joined(separator: "; "))\(summed). \(howMuchLess(shares, excess: total - 1)) No override can lift this.",
                compoundCode: first.portion.compound, productCode: first.portion.productCode, overridable: false)
        ]
    }

    /// How much less of each product of the cocktail would bring the sum back to 1.
    private static func howMuchLess(_ shares: [Share], excess: Decimal) -> String {
        let now = shares.filter { $0.portion.sessionID == nil }
        let earlier = shares.filter { $0.portion.sessionID != nil }.reduce(Decimal(0)) { $0 + $1.fraction }
        if earlier >= 1 {
            return "The patient's earlier sessions today already reach \(percent(earlier)) of the limit: none of it fits today."
        }
        var products: [String] = []
        for share in now where !products.contains(share.portion.productCode) { products.append(share.portion.productCode) }
        let options = products.compactMap { product -> String? in
            let inProduct = now.filter { $0.portion.productCode == product }
            // The fraction of the limit one mL of the product carries.
            let perML = inProduct.reduce(Decimal(0)) { $0 + ($1.portion.mgPerML ?? 0) / $1.limitMG }
            guard perML > 0, let volume = inProduct.first?.portion.volumeML else { return nil }
            let less = excess / perML
            guard less <= volume else { return nil }
            return "\(roundedUp(less, scale: 3)) mL less of \(product) (\(roundedUp(volume - less, scale: 3, down: true)) mL instead of \(volume.fixed(scale: 3)))"
        }
        guard !options.isEmpty else {
            return "Even without one of its anaesthetic products the day stays over the limit: give less of several."
        }
        return "It fits with at least \(options.joined(separator: ", or "))."
    }

    /// How the limit was worked out for the patient.
    private static func basis(_ limit: DoseLimit, weight: Decimal?) -> String {
        let kind = limit.withVasoconstrictor ? "the limit with a vasoconstrictor" : "the plain limit"
        guard let weight else {
            return "\(kind): the cap of \(limit.maxMG.fixed(scale: 3)) mg, the weight being unknown"
        }
        return "\(kind): \(limit.mgPerKG) mg/kg × \(weight) kg, at most \(limit.maxMG) mg"
    }

    /// A fraction as a percentage with one decimal; a sum that blocks is rounded up, so that it never
    /// reads as 100.0 %.
    static func percent(_ fraction: Decimal, roundingUp: Bool = false) -> String {
        let value = fraction * 100
        return (roundingUp ? roundedUp(value, scale: 1) : value.fixed(scale: 1)) + " %"
    }

    /// `value` with `scale` decimals, rounded up (or down).
    static func roundedUp(_ value: Decimal, scale: Int, down: Bool = false) -> String {
        let nearest = Decimal(exactText: value.fixed(scale: scale)) ?? value
        var step = Decimal(1)
        for _ in 0..<scale { step /= 10 }
        if down { return (nearest > value ? nearest - step : nearest).fixed(scale: scale) }
        return (nearest < value ? nearest + step : nearest).fixed(scale: scale)
    }

    private static func orderedCompounds(_ shares: [Share]) -> [String] {
        var order: [String] = []
        for share in shares where !order.contains(share.portion.compound) { order.append(share.portion.compound) }
        return order
    }
}
