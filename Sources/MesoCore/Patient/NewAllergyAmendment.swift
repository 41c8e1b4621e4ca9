/// A validated `patient allergy update`: a new verification, a new criticality or both, and why.
public struct NewAllergyAmendment: Sendable, Hashable {
    public let allergyID: Int64
    public let verification: AllergyVerification?
    public let criticality: AllergyCriticality?
    public let reason: String

    public init(allergy: String, verification: String?, criticality: String?, reason: String) throws(MesoError) {
        allergyID = Int64(try FieldText.integer(allergy, field: "ID", in: 1...Int.max))
        self.verification = try verification.map { text throws(MesoError) in try FieldText.choice(text, field: "\(.status)") }
        self.criticality = try criticality.map { text throws(MesoError) in
            try FieldText.choice(text, field: "\(.criticality)")
        }
        guard self.verification != nil || self.criticality != nil else {
            throw .invalid("\(.status)", "Give \(.status), \(.criticality) or both: the amendment must change something.")
        }
        self.reason = try FieldText.note(reason, field: "\(.reason)")
    }
}
