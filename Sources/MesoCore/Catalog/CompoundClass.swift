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

    public init(_ text: String, field: String) throws(MesoError) {
        guard let value = CompoundClass(rawValue: FieldText.trim(text).lowercased()) else {
            throw .invalid(field, "\(field) must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        self = value
    }
}
