/// A correction of a compound (`compound update`): a new name, public codes to add, codes to remove.
public struct CompoundUpdate: Sendable, Hashable {
    public let code: String
    public let name: String?
    public let addedCodings: [CompoundCoding]
    public let removedCodings: [CompoundCoding]

    public init(code: String, name: String?, adding: [String], removing: [String]) throws(MesoError) {
        self.code = try FieldText.code(code, field: "CODE", upperCase: false)
        self.name = try name.map { text throws(MesoError) in try FieldText.name(text, field: "\(.name)") }
        addedCodings = try Self.codings(adding, field: "\(.code)")
        removedCodings = try Self.codings(removing, field: "\(.removeCode)")
        if let both = addedCodings.first(where: removedCodings.contains) {
            throw .invalid("\(.removeCode)", "\(.code) and \(.removeCode) both name \(both): give it once.")
        }
        guard self.name != nil || !addedCodings.isEmpty || !removedCodings.isEmpty else {
            throw .invalid("CODE", "Nothing to change: give \(.name), \(.code) or \(.removeCode).")
        }
    }

    private static func codings(_ texts: [String], field: Message) throws(MesoError) -> [CompoundCoding] {
        var codings: [CompoundCoding] = []
        for text in texts {
            let coding = try CompoundCoding(text, field: field)
            if !codings.contains(coding) { codings.append(coding) }
        }
        return codings
    }
}
