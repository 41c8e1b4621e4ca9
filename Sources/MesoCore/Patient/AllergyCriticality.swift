/// The potential for a severe reaction on the next exposure (FHIR AllergyIntolerance.criticality).
public enum AllergyCriticality: String, Sendable, Hashable, CaseIterable, Codable {
    case high
    case low
    /// Treated like high: not knowing is no reason to inject.
    case unableToAssess = "unable-to-assess"

    /// High or unable to assess blocks a session; low warns.
    public var blocks: Bool { self != .low }
}
