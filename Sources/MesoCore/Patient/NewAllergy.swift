/// A validated allergy record: to exactly one compound or one allergen group.
public struct NewAllergy: Sendable, Hashable {
    public let mrn: MRN
    public let substance: AllergySubstance
    public let criticality: AllergyCriticality
    public let verification: AllergyVerification
    public let reaction: String?

    /// Criticality defaults to unable-to-assess and verification to unconfirmed: an allergy the
    /// clinic knows little about is treated as one that could be severe.
    public init(
        mrn: MRN, compound: CompoundCode?, group: AllergenGroupCode?, criticality: AllergyCriticality?,
        verification: AllergyVerification?, reaction: Note?
    ) throws(MesoError) {
        self.mrn = mrn
        switch (compound, group) {
        case (let compound?, nil):
            substance = .compound(compound.text)
        case (nil, let group?):
            substance = .group(group.text)
        case (nil, nil):
            throw .invalid("\(.compound)", "Name the allergen with \(.compound) or \(.group).")
        case (_?, _?):
            throw .invalid("\(.compound)", "Give either \(.compound) or \(.group), not both: one record is one allergen.")
        }
        self.criticality = criticality ?? .unableToAssess
        self.verification = verification ?? .unconfirmed
        self.reaction = reaction?.text
    }
}
