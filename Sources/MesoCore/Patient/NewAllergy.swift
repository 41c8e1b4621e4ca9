/// A validated allergy record: to exactly one compound or one allergen group.
public struct NewAllergy: Sendable, Hashable {
    public let mrn: String
    public let substance: AllergySubstance
    public let criticality: AllergyCriticality
    public let verification: AllergyVerification
    public let reaction: String?

    /// Criticality defaults to unable-to-assess and verification to unconfirmed: an allergy the
    /// clinic knows little about is treated as one that could be severe.
    public init(
        mrn: String, compound: String?, group: String?, criticality: String?, verification: String?, reaction: String?
    ) throws(MesoError) {
        self.mrn = try FieldText.mrn(mrn, field: "MRN")
        switch (compound, group) {
        case (let compound?, nil):
            substance = .compound(try FieldText.code(compound, field: "\(.compound)", upperCase: false))
        case (nil, let group?):
            substance = .group(try FieldText.code(group, field: "\(.group)", upperCase: false))
        case (nil, nil):
            throw .invalid("\(.compound)", "Name the allergen with \(.compound) or \(.group).")
        case (_?, _?):
            throw .invalid("\(.compound)", "Give either \(.compound) or \(.group), not both: one record is one allergen.")
        }
        self.criticality = try criticality.map { text throws(MesoError) in
            try FieldText.choice(text, field: "\(.criticality)")
        } ?? .unableToAssess
        self.verification = try verification.map { text throws(MesoError) in
            try FieldText.choice(text, field: "\(.status)")
        } ?? .unconfirmed
        self.reaction = try reaction.map { text throws(MesoError) in try FieldText.note(text, field: "\(.reaction)") }
    }
}
