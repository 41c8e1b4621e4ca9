/// The person a write is recorded against: the `Field.actor`, `MESO_ACTOR`, or the login name.
public struct Actor: Sendable, Hashable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) throws(MesoError) {
        self.name = try FieldText.name(name, field: "\(.actor)", maxLength: 100)
    }

    public var description: String { name }
}
