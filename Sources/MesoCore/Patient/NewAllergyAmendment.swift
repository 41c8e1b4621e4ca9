/// A validated `patient allergy update`: a new verification, a new criticality or both, and why.
public struct NewAllergyAmendment: Sendable, Hashable {
    public let allergyID: Int64
    public let verification: AllergyVerification?
    public let criticality: AllergyCriticality?
    public let reason: String

    public init(
        allergy: RecordID, verification: AllergyVerification?, criticality: AllergyCriticality?, reason: Note
    ) throws(MesoError) {
        allergyID = allergy.value
        self.verification = verification
        self.criticality = criticality
        guard self.verification != nil || self.criticality != nil else {
            throw .invalid("\(.status)", "Give \(.status), \(.criticality) or both: the amendment must change something.")
        }
        self.reason = reason.text
    }
}
