/// A class of medicines by how they affect bleeding (Schema/0014, `medication_class`): the rows
/// carry each class's name, washout and advice; this is the set of their codes.
public enum MedicationClass: String, Sendable, Hashable, CaseIterable, Codable {
    case salicylate
    case nsaid
    case antiplatelet
    case vitaminKAntagonist = "vitamin-k-antagonist"
    case directOralAnticoagulant = "direct-oral-anticoagulant"
    /// Heparins and low-molecular-weight heparins (and fondaparinux).
    case heparin
    case ssriSnri = "ssri-snri"
    case supplementHerb = "supplement-herb"
    case alcohol
    /// "Blood thinner", "anticoagulant": one of the four prescribed classes, not named.
    case bloodThinner = "blood-thinner"
    /// A name the pharmacist has checked and found without bleeding risk.
    case noBleedingRisk = "no-bleeding-risk"

    public var isBleedingRisk: Bool { self != .noBleedingRisk }
}
