import PostgresClient

/// What an allergy is to: one compound, or a whole allergen group (every member, and for the
/// animal protein groups every compound of that source).
public enum AllergySubstance: Sendable, Hashable {
    case compound(String)
    case group(String)

    public var code: String {
        switch self {
        case .compound(let code), .group(let code): return code
        }
    }
}

/// One allergy record of a patient. Records are never changed: a correction is a new record
/// (refuted or entered-in-error), and the check decides how records for one substance combine.
public struct PatientAllergy: Sendable, Hashable {
    public let id: Int64
    public let substance: AllergySubstance
    /// The compound's or the group's name.
    public let substanceName: String
    public let criticality: AllergyCriticality
    public let verification: AllergyVerification
    public let reaction: String?
    public let recordedAt: Timestamp
    public let recordedBy: String
    /// For an allergy to a compound: its groups and source, which the class and source matches need.
    public let compound: CompoundProfile?

    public init(
        id: Int64, substance: AllergySubstance, substanceName: String, criticality: AllergyCriticality,
        verification: AllergyVerification, reaction: String? = nil, recordedAt: Timestamp, recordedBy: String,
        compound: CompoundProfile? = nil
    ) {
        self.id = id
        self.substance = substance
        self.substanceName = substanceName
        self.criticality = criticality
        self.verification = verification
        self.reaction = reaction
        self.recordedAt = recordedAt
        self.recordedBy = recordedBy
        self.compound = compound
    }

    /// The groups an ingredient may share with this allergy to match it by class or source.
    public var allergenGroups: Set<String> {
        switch substance {
        case .group(let code): return [code]
        case .compound: return compound?.allergenGroups ?? []
        }
    }

    /// Decodes a row of `PatientService.allergiesQuery`.
    init(row: PostgresRow) throws(PostgresError) {
        let compoundCode: String? = try row.decode("compound_code")
        let groupCode: String? = try row.decode("group_code")
        let substance: AllergySubstance
        var profile: CompoundProfile?
        if let compoundCode {
            substance = .compound(compoundCode)
            profile = CompoundProfile(
                code: compoundCode, name: try row.decode("substance_name"), role: try row.decodeEnum("compound_role"),
                source: try row.decodeEnum("compound_source"), groups: try row.decode("compound_groups"))
        } else if let groupCode {
            substance = .group(groupCode)
        } else {
            throw PostgresError(kind: .decoding, message: "an allergy names neither a compound nor a group")
        }
        self.init(
            id: try row.decode("id"), substance: substance, substanceName: try row.decode("substance_name"),
            criticality: try row.decodeEnum("criticality"), verification: try row.decodeEnum("verification"),
            reaction: try row.decode("reaction"), recordedAt: try row.decode("recorded_at"),
            recordedBy: try row.decode("recorded_by"), compound: profile)
    }
}
