/// A validated medication or supplement record.
public struct NewMedication: Sendable, Hashable {
    public let mrn: String
    public let name: String

    public init(mrn: String, name: String) throws(MesoError) {
        self.mrn = try FieldText.mrn(mrn, field: "MRN")
        self.name = try FieldText.name(name, field: "\(.name)")
    }
}
