/// The pharmacological family of a compound, as the catalog groups them.
public enum CompoundClass: String, Sendable, CaseIterable {
    case vitamin
    case aminoAcid = "amino-acid"
    case mineral
    case coenzyme
    case nucleicAcid = "nucleic-acid"
    case antioxidant
    /// Hyaluronic acid, chondroitin.
    case glycosaminoglycan
    case anaesthetic
    case silicon
    case homeopathic
    case peptide
    case excipient
}
