/// A correction of a compound (`compound update`): a new name, public codes to add, codes to remove.
public struct CompoundUpdate: Sendable, Hashable {
    public let code: CompoundCode
    public let name: String?
    public let addedCodings: [CompoundCoding]
    public let removedCodings: [CompoundCoding]

    public init(code: CompoundCode, name: Name?, adding: [CompoundCoding], removing: [CompoundCoding]) throws(MesoError) {
        self.code = code
        self.name = name?.text
        addedCodings = Self.unique(adding)
        removedCodings = Self.unique(removing)
        if let both = addedCodings.first(where: removedCodings.contains) {
            throw .invalid("\(.removeCode)", "\(.code) and \(.removeCode) both name \(both): give it once.")
        }
        guard self.name != nil || !addedCodings.isEmpty || !removedCodings.isEmpty else {
            throw .invalid("CODE", "Nothing to change: give \(.name), \(.code) or \(.removeCode).")
        }
    }

    private static func unique(_ codings: [CompoundCoding]) -> [CompoundCoding] {
        var unique: [CompoundCoding] = []
        for coding in codings where !unique.contains(coding) { unique.append(coding) }
        return unique
    }
}
