/// Rules 1 to 3 of the check: allergies matched against every ingredient, active or excipient.
///
/// Which record counts when a patient has several for the same substance: every record active in
/// its current state (confirmed or unconfirmed, after its latest amendment) counts, and the most
/// severe one decides. A record is refuted or marked entered-in-error by amending it (`patient
/// allergy update`); a separate refuted record voids only itself and never cancels an earlier
/// active record for the same substance, so the check can only over-warn, never drop an allergy
/// someone recorded.
enum AllergyRule {
    /// An ingredient compound of the formula and the products it is in.
    struct Ingredient {
        let compound: CompoundProfile
        let products: [String]
    }

    static func findings(_ facts: CheckFacts) -> [CheckFinding] {
        let allergies = governingRecords(facts.record.activeAllergies)
        let ingredients = ingredientsInOrder(facts.composition)
        var findings: [CheckFinding] = []

        // Rule 1: the ingredient is the compound itself.
        for ingredient in ingredients {
            for allergy in allergies where allergy.substance == .compound(ingredient.compound.code) {
                let excipient = ingredient.compound.isExcipient
                findings.append(
                    finding(
                        allergy, ingredient, match: excipient ? .excipient : .definite, group: nil,
                        reason: "\(ingredient.compound.code) is \(excipient ? "an excipient" : "an ingredient") of \(list(ingredient.products))."
                    ))
            }
        }

        // Rule 2: a group the patient is allergic to, or one shared with their allergen, or the
        // animal source behind such a group.
        for ingredient in ingredients {
            for allergy in allergies where allergy.substance != .compound(ingredient.compound.code) {
                let shared = allergy.allergenGroups.intersection(ingredient.compound.allergenGroups)
                let proteinGroups = Compound.Source.proteinGroups
                // A listed class link is the stronger explanation; a protein group is a source match.
                guard let group = shared.sorted(by: { (proteinGroups.contains($0) ? 1 : 0, $0) < (proteinGroups.contains($1) ? 1 : 0, $1) }).first
                else { continue }
                let isSource = proteinGroups.contains(group)
                let place = "\(ingredient.compound.code) in \(list(ingredient.products))"
                let reason: String
                switch (allergy.substance, isSource && ingredient.compound.sourceProteinGroup == group) {
                case (.group, true): reason = "\(place) is of \(ingredient.compound.source.rawValue) origin."
                case (.group, false): reason = "\(place) belongs to that group."
                case (.compound, true): reason = "\(place) is also of \(ingredient.compound.source.rawValue) origin (\(group))."
                case (.compound, false): reason = "\(place) shares the group \(group) with it."
                }
                findings.append(finding(allergy, ingredient, match: isSource ? .source : .class, group: group, reason: reason))
            }
        }

        // The disputed ester/PABA to paraben link: a warning at most, never a block.
        findings += SoftClassLink.findings(allergies: allergies, ingredients: ingredients, hardFindings: findings)

        // Rule 3 (refuted and entered-in-error records were left out above). Records that were all
        // entered in error are no assessment.
        if facts.record.allergiesUnassessed {
            let why =
                facts.patient.allergyAssessment == .unknown
                ? "were never assessed" : "were never assessed: every allergy record on file was entered in error"
            findings.append(
                CheckFinding(
                    severity: .warn, rule: .allergyAssessment,
                    message:
                        "Allergies of \(facts.patient.mrn) \(why); ask about allergies (anaesthetics, parabens, cobalt, fish, eggs) and record them or record none known."
                ))
        }
        return findings
    }

    /// One record per substance: the most severe active one (high, then unable-to-assess, then
    /// low; confirmed before unconfirmed; the latest on a tie), in the order substances were first recorded.
    static func governingRecords(_ active: [PatientAllergy]) -> [PatientAllergy] {
        func rank(_ allergy: PatientAllergy) -> (Int, Int, Int64) {
            let criticality: Int
            switch allergy.criticality {
            case .high: criticality = 0
            case .unableToAssess: criticality = 1
            case .low: criticality = 2
            }
            return (criticality, allergy.verification == .confirmed ? 0 : 1, -allergy.id)
        }
        var chosen: [AllergySubstance: PatientAllergy] = [:]
        var order: [AllergySubstance] = []
        for allergy in active {
            if let current = chosen[allergy.substance] {
                if rank(allergy) < rank(current) { chosen[allergy.substance] = allergy }
            } else {
                chosen[allergy.substance] = allergy
                order.append(allergy.substance)
            }
        }
        return order.map { chosen[$0]! }
    }

    /// Each compound of the formula once, in component then ingredient order, with its products.
    static func ingredientsInOrder(_ composition: FormulaComposition) -> [Ingredient] {
        var order: [String] = []
        var compounds: [String: CompoundProfile] = [:]
        var products: [String: [String]] = [:]
        for component in composition.formula.components {
            for ingredient in composition.ingredients where ingredient.productCode == component.productCode {
                let code = ingredient.compound.code
                if compounds[code] == nil {
                    order.append(code)
                    compounds[code] = ingredient.compound
                }
                if !(products[code]?.contains(component.productCode) ?? false) {
                    products[code, default: []].append(component.productCode)
                }
            }
        }
        return order.map { Ingredient(compound: compounds[$0]!, products: products[$0]!) }
    }

    private static func finding(
        _ allergy: PatientAllergy, _ ingredient: Ingredient, match: CheckFinding.MatchType, group: String?,
        reason: String
    ) -> CheckFinding {
        let what: String
        switch allergy.substance {
        case .compound(let code): what = code
        case .group(let code): what = "the group \(code)"
        }
        let record = "\(allergy.criticality.rawValue), \(allergy.verification.rawValue)"
        let groupCode: String? = if case .group(let code) = allergy.substance { code } else { group }
        return CheckFinding(
            severity: allergy.criticality.blocks ? .block : .warn, rule: .allergy, matchType: match,
            message: "Allergy to \(what) (\(record)): \(reason)", compoundCode: ingredient.compound.code,
            groupCode: groupCode, productCode: ingredient.products.first)
    }

    static func list(_ products: [String]) -> String {
        products.count <= 1 ? products.joined() : products.dropLast().joined(separator: ", ") + " and " + products.last!
    }
}
