/// A FHIR JSON value with its members in the order they are written: FHIR's JSON puts
/// `resourceType` first and reads best in the order of the resource's definition, and the export
/// must write the same bytes for the same facts, so members keep the order they were added in.
public indirect enum FHIRValue: Sendable, Hashable {
    case string(String)
    /// A decimal or integer as its exact JSON number text (`1.000` keeps its three decimals, which
    /// FHIR reads as the value's precision).
    case number(String)
    case bool(Bool)
    case object(FHIRObject)
    case array([FHIRValue])
}

/// A JSON object under construction: `add` skips absent values and empty arrays, which FHIR's JSON
/// never writes (ele-1: every element has a value or children).
public struct FHIRObject: Sendable, Hashable {
    public private(set) var members: [Member] = []

    public struct Member: Sendable, Hashable {
        public let key: String
        public let value: FHIRValue
    }

    public init() {}

    public init(resourceType: String) {
        add("resourceType", .string(resourceType))
    }

    public mutating func add(_ key: String, _ value: FHIRValue?) {
        guard let value else { return }
        if case .array(let items) = value, items.isEmpty { return }
        if case .object(let object) = value, object.members.isEmpty { return }
        members.append(Member(key: key, value: value))
    }

    public mutating func add(_ key: String, _ text: String?) {
        add(key, text.map(FHIRValue.string))
    }

    public subscript(key: String) -> FHIRValue? {
        members.first { $0.key == key }?.value
    }

    public var value: FHIRValue { .object(self) }
}
