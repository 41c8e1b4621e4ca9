/// The conditions the pre-session check knows about.
public enum ConditionKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// A facial operation (surgical, corrective or cosmetic); blocks for 4 months from its date.
    case facialSurgery = "facial-surgery"
    /// Chronic or acute skin disease.
    case skinDisease = "skin-disease"
    case infection
    case inflammation
    case pregnancy
    /// Anything else worth knowing; shown by the check, never blocking.
    case other
}
