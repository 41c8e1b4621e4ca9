#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A patient of the clinic, named by a medical record number (MRN).
public struct Patient: Sendable, Hashable {
    public let id: Int64
    public let mrn: String
    /// In any script; stored and shown exactly as given.
    public let name: String
    public let birthDate: CalendarDate?
    /// Needed for per-kg dose limits; unknown weight means those cannot be checked.
    public let weightKG: Decimal?
    public let allergyAssessment: AllergyAssessment
    public let createdAt: Timestamp
    public let createdBy: String

    public init(
        id: Int64, mrn: String, name: String, birthDate: CalendarDate? = nil, weightKG: Decimal? = nil,
        allergyAssessment: AllergyAssessment, createdAt: Timestamp, createdBy: String
    ) {
        self.id = id
        self.mrn = mrn
        self.name = name
        self.birthDate = birthDate
        self.weightKG = weightKG
        self.allergyAssessment = allergyAssessment
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    init(row: PostgresRow) throws(PostgresError) {
        self.init(
            id: try row.decode("id"), mrn: try row.decode("mrn"), name: try row.decode("name"),
            birthDate: try row.decode("birth_date"), weightKG: try row.decode("weight_kg"),
            allergyAssessment: try row.decodeEnum("allergy_assessment"), createdAt: try row.decode("created_at"),
            createdBy: try row.decode("created_by"))
    }
}
