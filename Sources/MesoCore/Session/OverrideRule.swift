/// The clinical rules whose blocks an override may lift. A stock or dose-limit block is lifted by
/// nothing: no judgement puts a vial on the shelf, and a cosmetic procedure has no reason to
/// exceed a maximum dose.
public enum OverrideRule: String, Sendable, Hashable, CaseIterable, Codable {
    case allergy
    case contraindication
    case reaction

    /// The override rule that lifts a finding of this check rule, if any may.
    public init?(_ rule: CheckFinding.Rule) {
        switch rule {
        case .allergy: self = .allergy
        case .contraindication: self = .contraindication
        case .reaction: self = .reaction
        case .allergyAssessment, .bleedingRisk, .interval, .doseLimit, .stock: return nil
        }
    }
}
