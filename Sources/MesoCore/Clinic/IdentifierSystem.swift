/// The URI under which meso's identifiers and codes are exported (FHIR `Identifier.system`): an
/// absolute URI the clinic controls (`CodeSystemURI.check`).
public struct IdentifierSystem: CheckedText {
    public let text: String

    public init(_ text: String, field: Message) throws(MesoError) {
        self.text = try CodeSystemURI.check(text, field: field)
    }
}
