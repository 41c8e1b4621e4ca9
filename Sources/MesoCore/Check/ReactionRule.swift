/// Rule 5: an allergic reaction (any severity) or any severe adverse event after an earlier session
/// blocks a cocktail that shares a compound with that session, until the practitioner records what
/// was found (`session adverse-event assess`): the allergy it was, which the allergy rules then
/// judge, or that it was not an allergy. An allergy recorded without that link does not lift it.
/// Overridable with a reason, like any clinical block.
///
/// Inorganic compounds in no allergen group (sodium chloride, water for injection, the electrolytes
/// of a polyrevitaliser) are shared by nearly every cocktail and cause no allergy: sharing only
/// those does not block, or every reaction would block every later session. The message names the
/// shared compounds of an allergen group first.
enum ReactionRule {
    static func findings(_ facts: CheckFacts) -> [CheckFinding] {
        let ingredients = AllergyRule.ingredientsInOrder(facts.composition)
        return facts.reactions.compactMap { reaction in
            let compounds = Set(reaction.compounds)
            let sharing = ingredients.filter { ingredient in
                compounds.contains(ingredient.compound.code) && !isInertSalt(ingredient.compound)
            }
            // Compounds of an allergen group (the anaesthetics, the preservatives) are the likely
            // culprits: named first, so a long list does not hide them behind its amino acids.
            let shared = sharing.filter { !$0.compound.allergenGroups.isEmpty } + sharing.filter { $0.compound.allergenGroups.isEmpty }
            guard let first = shared.first else { return nil }
            let names = shared.map(\.compound.code)
            let list = names.count <= 6 ? names.joined(separator: ", ") : names.prefix(6).joined(separator: ", ") + " and \(names.count - 6) more"
            return CheckFinding(
                severity: .block, rule: .reaction,
                message:
                    "Adverse event \(reaction.eventID) (\(reaction.kind.rawValue), \(reaction.severity.rawValue)) followed session \(reaction.sessionID) on \(reaction.sessionOn), which shares \(list) with this cocktail; it has not been assessed: record what was found (the allergy, or not allergic) before injecting again.",
                compoundCode: first.compound.code, productCode: first.products.first)
        }
    }

    /// An inorganic compound that belongs to no allergen group.
    static func isInertSalt(_ compound: CompoundProfile) -> Bool {
        compound.source == .mineral && compound.allergenGroups.isEmpty
    }
}
