/// Where a lot stands in the pharmacy. Expired is not a status: it follows from the date.
public enum LotStatus: String, Sendable, CaseIterable, Codable {
    /// Received but not yet checked and released by the pharmacist.
    case quarantined
    case released
    /// Withdrawn by the manufacturer or the pharmacist; never injected again.
    case recalled
    /// Written off and physically destroyed; holds nothing.
    case destroyed
}
