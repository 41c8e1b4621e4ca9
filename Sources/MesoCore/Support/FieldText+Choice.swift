extension FieldText {
    /// One of a fixed set of words (`Field.criticality high`), matched case-insensitively; the
    /// message lists the words allowed.
    public static func choice<Value: RawRepresentable & CaseIterable>(
        _ text: String, field: Message, as type: Value.Type = Value.self
    ) throws(MesoError) -> Value where Value.RawValue == String {
        let wanted = trim(text).lowercased()
        if let value = Value.allCases.first(where: { $0.rawValue.lowercased() == wanted }) { return value }
        let words = Value.allCases.map(\.rawValue)
        let list = words.count > 1 ? words.dropLast().joined(separator: ", ") + " or " + words.last! : words.joined()
        throw .invalid(field, "\(field) must be \(list).")
    }
}
