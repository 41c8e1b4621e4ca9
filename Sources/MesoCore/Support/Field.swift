/// An input a request is given by name, as the key a refusal reports it under: MesoCore says which
/// input was wrong, and whoever gathered the inputs (the CLI) names it as the user gave it (an
/// option, an argument, an environment variable). The raw value is the input's name.
public enum Field: String, Sendable, Hashable, CaseIterable {
    case actor
    case allergy
    case area
    case at
    case birthDate = "birth-date"
    case by
    case compoundClass = "class"
    case code
    case component
    case compound
    case criticality
    case expiry
    case expiringWithin = "expiring-within"
    case formula
    case from
    case group
    case gs1
    case gtin
    case identifierSystem = "identifier-system"
    case inUseDays = "in-use-days"
    case indication
    case ingredient
    case kind
    case lot
    case maxMg = "max-mg"
    case mgPerKg = "mg-per-kg"
    case minIntervalDays = "min-interval-days"
    case ml
    case multiDose = "multi-dose"
    case name
    case notAllergic = "not-allergic"
    case note
    case on
    case override
    case patient
    case per
    case practitioner
    case product
    case quarantine
    case reaction
    case reason
    case removeCode = "remove-code"
    case reorderMl = "reorder-ml"
    case role
    case scans
    case sessions
    case severity
    case since
    case source
    case start
    case status
    case substance
    case supplier
    case timeZone = "time-zone"
    case to
    case version
    case vial
    case vialMl = "vial-ml"
    case vials
    case vialsPerPack = "vials-per-pack"
    case weightKg = "weight-kg"
    case within
}

/// How whoever shows a message names each field (the CLI: the option, argument or environment
/// variable that supplied it).
public typealias FieldNaming = @Sendable (Field) -> String

extension Field {
    /// Names each field by its key, in backquotes: for a message shown to no user.
    public static let byKey: FieldNaming = { "`\($0.rawValue)`" }
}
