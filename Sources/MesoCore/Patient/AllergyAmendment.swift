import PostgresClient

/// A change of an allergy record's verification or criticality, with its reason: the record's
/// current state is its latest amendment's, and every one is kept with the state before.
public struct AllergyAmendment: Sendable, Hashable {
    public let id: Int64
    public let allergyID: Int64
    public let verification: AllergyVerification
    public let criticality: AllergyCriticality
    public let verificationBefore: AllergyVerification
    public let criticalityBefore: AllergyCriticality
    public let reason: String
    public let recordedAt: Timestamp
    public let recordedBy: String
    public let recordedLogin: String

    static let columns = """
        m.id, m.allergy_id, m.verification, m.criticality, m.verification_before, m.criticality_before, m.reason,
        m.recorded_at, m.recorded_by, m.recorded_login
        """

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode("id")
        allergyID = try row.decode("allergy_id")
        verification = try row.decodeEnum("verification")
        criticality = try row.decodeEnum("criticality")
        verificationBefore = try row.decodeEnum("verification_before")
        criticalityBefore = try row.decodeEnum("criticality_before")
        reason = try row.decode("reason")
        recordedAt = try row.decode("recorded_at")
        recordedBy = try row.decode("recorded_by")
        recordedLogin = try row.decode("recorded_login")
    }
}
