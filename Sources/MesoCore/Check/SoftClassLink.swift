/// A class link too disputed to block: an allergy to the ester local anaesthetics (metabolised to
/// para-aminobenzoic acid, PABA) and the parabens (esters of para-hydroxybenzoic acid) are linked by
/// some sources and not by others (catalog facts: "link to PABA is disputed: soft"). An ester or PABA
/// allergy therefore warns for a paraben excipient, whatever its criticality, and never blocks.
enum SoftClassLink {
    /// The patient's allergy group, and the group of excipients it warns for.
    static let links: [(from: String, to: String)] = [("ester-anaesthetics", "parabens")]

    /// - Parameters:
    ///   - allergies: the governing active records.
    ///   - hardFindings: the allergy findings already made: an ingredient already matched by an
    ///     allergy (to the paraben itself or its group) needs no softer finding.
    static func findings(
        allergies: [PatientAllergy], ingredients: [AllergyRule.Ingredient], hardFindings: [CheckFinding]
    ) -> [CheckFinding] {
        let matched = Set(hardFindings.compactMap(\.compoundCode))
        var findings: [CheckFinding] = []
        for (from, to) in links {
            guard let allergy = allergies.first(where: { $0.allergenGroups.contains(from) }) else { continue }
            for ingredient in ingredients
            where ingredient.compound.isExcipient && ingredient.compound.allergenGroups.contains(to)
                && !matched.contains(ingredient.compound.code)
            {
                let what: String
                switch allergy.substance {
                case .compound(let code): what = "\(code), an ester local anaesthetic"
                case .group(let code): what = "the group \(code)"
                }
                findings.append(
                    CheckFinding(
                        severity: .warn, rule: .allergy, matchType: .class,
                        message:
                            "Allergy to \(what) (\(allergy.criticality.rawValue), \(allergy.verification.rawValue)): \(ingredient.compound.code) in \(AllergyRule.list(ingredient.products)) is a paraben, and the link between ester (PABA) and paraben allergies is disputed: ask before injecting.",
                        compoundCode: ingredient.compound.code, groupCode: to, productCode: ingredient.products.first))
            }
        }
        return findings
    }
}
