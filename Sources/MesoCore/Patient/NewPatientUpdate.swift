#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A validated `patient update`: the fields given change, the others stay.
public struct NewPatientUpdate: Sendable, Hashable {
    public let mrn: MRN
    public let name: String?
    public let birthDate: CalendarDate?
    public let weightKG: Decimal?

    /// - Parameter today: birth dates after it are refused (the database refuses them after the
    ///   clinic's today as well).
    public init(mrn: MRN, name: Name?, birthDate: CalendarDate?, weightKG: BodyWeight?, today: CalendarDate) throws(MesoError) {
        self.mrn = mrn
        self.name = name?.text
        self.birthDate = try birthDate.map { date throws(MesoError) in try NewPatient.birthDate(date, today: today) }
        self.weightKG = weightKG?.kilograms
        guard self.name != nil || self.birthDate != nil || self.weightKG != nil else {
            throw .invalid("\(.name)", "Give \(.name), \(.birthDate) or \(.weightKg): the update must change something.")
        }
    }
}
