/// A validated medication or supplement record.
public struct NewMedication: Sendable, Hashable {
    public let mrn: MRN
    public let name: String

    public init(mrn: MRN, name: Name) {
        self.mrn = mrn
        self.name = name.text
    }
}
