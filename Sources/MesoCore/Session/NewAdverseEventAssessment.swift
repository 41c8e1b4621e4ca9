/// A validated `session adverse-event assess`.
public struct NewAdverseEventAssessment: Sendable, Hashable {
    public let eventID: Int64
    public let finding: AdverseEventAssessment.Finding
    public let reason: String

    /// Checks that exactly one finding is given.
    public init(event: RecordID, allergy: RecordID?, notAllergic: Bool, reason: Note) throws(MesoError) {
        eventID = event.value
        switch (allergy, notAllergic) {
        case (let allergy?, false):
            finding = .allergy(allergy.value)
        case (nil, true):
            finding = .notAllergic
        case (nil, false):
            throw .invalid(
                "\(.allergy)",
                "Say what was found: \(.allergy) ALLERGY_ID (the allergy record it was) or \(.notAllergic).")
        case (_?, true):
            throw .invalid("\(.allergy)", "Give either \(.allergy) or \(.notAllergic), not both.")
        }
        self.reason = reason.text
    }
}
