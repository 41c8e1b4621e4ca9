#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A validated request to register a patient.
public struct NewPatient: Sendable, Hashable {
    public let mrn: MRN
    public let name: String
    public let birthDate: CalendarDate?
    public let weightKG: Decimal?

    /// - Parameter today: birth dates after it are refused.
    public init(mrn: MRN, name: Name, birthDate: CalendarDate?, weightKG: BodyWeight?, today: CalendarDate) throws(MesoError) {
        self.mrn = mrn
        self.name = name.text
        self.birthDate = try birthDate.map { date throws(MesoError) in try Self.birthDate(date, today: today) }
        self.weightKG = weightKG?.kilograms
    }

    /// A birth date (`Field.birthDate`) from 1900-01-01 to today.
    static func birthDate(_ date: CalendarDate, today: CalendarDate) throws(MesoError) -> CalendarDate {
        guard date >= CalendarDate(year: 1900, month: 1, day: 1)!, date <= today else {
            throw .invalid("\(.birthDate)", "\(.birthDate) must be between 1900-01-01 and today.")
        }
        return date
    }
}
