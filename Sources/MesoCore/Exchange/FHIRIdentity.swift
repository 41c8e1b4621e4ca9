/// Where every exported resource gets its identity, all derived from the clinic's identifier
/// system (Schema/0011, `meso clinic set Field.identifierSystem`):
///
/// - `identifier`: meso's own id under that system, as `KIND:ID` (`session:12`), which no MRN can
///   be mistaken for (an MRN holds no `:`); a Patient's is its bare MRN, typed MR.
/// - `fullUrl`: `urn:uuid:` + the version 5 UUID of `TYPE/KEY` in the clinic's namespace, itself the
///   version 5 UUID of the identifier system in RFC 9562's URL namespace. The same clinic and the
///   same meso id always give the same UUID; another clinic, or this one under another system,
///   another UUID. The resource's `id` is that UUID too.
/// - meso's own codes (a compound, a product, a formula version, a condition kind, a check rule) are
///   codings under the same system, `KIND:CODE` (`compound:lidocaine`).
public struct FHIRIdentity: Sendable {
    public let system: String
    private let namespace: NameBasedUUID

    public init(system: String) {
        self.system = system
        namespace = NameBasedUUID(namespace: .urlNamespace, name: system)
    }

    /// The UUID of one resource: `type` is the FHIR resource type, `key` meso's id for it.
    public func uuid(_ type: String, _ key: String) -> String {
        NameBasedUUID(namespace: namespace, name: type + "/" + key).description
    }

    /// The `fullUrl` of one resource.
    public func fullURL(_ type: String, _ key: String) -> String {
        "urn:uuid:" + uuid(type, key)
    }

    /// A Reference to a resource of the Bundle by its fullUrl.
    public func reference(_ type: String, _ key: String) -> FHIRValue {
        var object = FHIRObject()
        object.add("reference", fullURL(type, key))
        return object.value
    }

    /// meso's identifier of a resource: `KIND:ID` under the clinic's system.
    public func identifier(_ value: String) -> FHIRValue {
        var object = FHIRObject()
        object.add("system", system)
        object.add("value", value)
        return .array([object.value])
    }

    /// One of meso's own codes under the clinic's system.
    public func coding(_ kind: String, _ code: String, display: String? = nil) -> FHIRValue {
        FHIRTerminology.coding(system: system, code: kind + ":" + code, display: display)
    }
}
