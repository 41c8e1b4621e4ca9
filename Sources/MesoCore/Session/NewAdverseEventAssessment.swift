/// A validated `session adverse-event assess`.
public struct NewAdverseEventAssessment: Sendable, Hashable {
    public let eventID: Int64
    public let finding: AdverseEventAssessment.Finding
    public let reason: String

    public init(event: String, allergy: String?, notAllergic: Bool, reason: String) throws(MesoError) {
        eventID = Int64(try FieldText.integer(event, field: "EVENT_ID", in: 1...Int.max))
        switch (allergy, notAllergic) {
        case (let allergy?, false):
            finding = .allergy(Int64(try FieldText.integer(allergy, field: "\(.allergy)", in: 1...Int.max)))
        case (nil, true):
            finding = .notAllergic
        case (nil, false):
            throw .invalid(
                "\(.allergy)",
                "Say what was found: \(.allergy) ALLERGY_ID (the allergy record it was) or \(.notAllergic).")
        case (_?, true):
            throw .invalid("\(.allergy)", "Give either \(.allergy) or \(.notAllergic), not both.")
        }
        self.reason = try FieldText.note(reason, field: "\(.reason)")
    }
}
