/// Whether anyone has asked the patient about allergies, and what the answer was.
public enum AllergyAssessment: String, Sendable, Hashable, CaseIterable, Codable {
    /// Nobody asked: the check warns, because an unasked patient may be allergic to anything.
    case unknown
    /// Asked, and the patient knows of no allergy.
    case noneKnown = "none-known"
    /// Allergies are recorded; recording one sets this state.
    case listed
}
