/// Writes a Bundle of type `collection` entry by entry: the opening with the Bundle's id, each entry
/// with its fullUrl and resource as soon as it is made, then the closing. No timestamp and no
/// `meta.lastUpdated`: the same facts give the same bytes.
struct FHIRBundleWriter {
    private var json: FHIRJSONWriter
    private let identity: FHIRIdentity
    private(set) var entries = 0
    private(set) var countsByType: [String: Int] = [:]
    private var written: Set<String> = []

    /// Opens the Bundle whose id is derived from `key` (`patient/42`, `lot/7`).
    init(identity: FHIRIdentity, key: String, sink: @escaping FHIRJSONWriter.Sink) throws {
        self.identity = identity
        json = FHIRJSONWriter(sink: sink)
        try json.raw("{\n  \"resourceType\": \"Bundle\",\n  \"id\": \"\(identity.uuid("Bundle", key))\",\n  \"type\": \"collection\"")
    }

    /// Whether the resource of `type` and `key` is in the Bundle already.
    func contains(_ type: String, _ key: String) -> Bool {
        written.contains(type + "/" + key)
    }

    /// Appends an entry; one already written (the same type and key) is not written twice.
    mutating func add(_ entry: FHIREntry) throws {
        guard written.insert(entry.type + "/" + entry.key).inserted else { return }
        try json.raw(entries == 0 ? ",\n  \"entry\": [\n    {\n" : ",\n    {\n")
        // The resource's id is the UUID of its fullUrl (FHIRResourceMaker.resource).
        guard case .string(let id)? = entry.resource["id"] else { preconditionFailure("a resource without its id") }
        try json.raw("      \"fullUrl\": \"urn:uuid:\(id)\",\n      \"resource\": ")
        try json.value(entry.resource.value, level: 3)
        try json.raw("\n    }")
        entries += 1
        countsByType[entry.type, default: 0] += 1
    }

    mutating func add(_ entries: [FHIREntry]) throws {
        for entry in entries { try add(entry) }
    }

    /// Closes the Bundle and hands the last bytes to the sink.
    mutating func finish() throws {
        try json.raw(entries == 0 ? "\n}\n" : "\n  ]\n}\n")
        try json.flush()
    }
}
