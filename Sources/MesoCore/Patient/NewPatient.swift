#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A validated request to register a patient.
public struct NewPatient: Sendable, Hashable {
    public static let maxWeightKG: Decimal = 400

    public let mrn: String
    public let name: String
    public let birthDate: CalendarDate?
    public let weightKG: Decimal?

    /// - Parameter today: birth dates after it are refused.
    public init(mrn: String, name: String, birthDate: String?, weightKG: String?, today: CalendarDate) throws(MesoError) {
        self.mrn = try FieldText.mrn(mrn, field: "MRN")
        self.name = try FieldText.name(name, field: "--name")
        self.birthDate = try birthDate.map { text throws(MesoError) in
            let date = try FieldText.date(text, field: "--birth-date")
            guard date >= CalendarDate(year: 1900, month: 1, day: 1)!, date <= today else {
                throw .invalid("--birth-date", "--birth-date must be between 1900-01-01 and today.")
            }
            return date
        }
        self.weightKG = try weightKG.map { text throws(MesoError) in
            try FieldText.decimal(text, field: "--weight-kg", unit: "kg", maxDecimals: 1, maximum: Self.maxWeightKG)
        }
    }
}
