/// How sure the clinic is that the allergy exists (FHIR AllergyIntolerance.verificationStatus).
public enum AllergyVerification: String, Sendable, Hashable, CaseIterable, Codable {
    case confirmed
    case unconfirmed
    /// Disproved, for example by a negative test.
    case refuted
    /// Recorded by mistake (wrong patient, wrong substance).
    case enteredInError = "entered-in-error"

    /// Whether the check counts it: refuted and entered-in-error records are ignored.
    public var isActive: Bool { self == .confirmed || self == .unconfirmed }
}
