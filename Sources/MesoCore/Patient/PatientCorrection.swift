#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A correction of a patient's name, birth date or weight, with the values before: who made it
/// (the actor and the database login) and when (the server's clock).
public struct PatientCorrection: Sendable, Hashable {
    public struct Change: Sendable, Hashable {
        /// `name`, `birth_date` or `weight_kg`.
        public let field: String
        public let before: String?
        public let after: String
    }

    public let id: Int64
    public let changes: [Change]
    public let recordedAt: Timestamp
    public let recordedBy: String
    public let recordedLogin: String

    static let columns = """
        u.id, u.name, u.birth_date, u.weight_kg, u.name_before, u.birth_date_before, u.weight_kg_before,
        u.recorded_at, u.recorded_by, u.recorded_login
        """

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode("id")
        var changes: [Change] = []
        if let name: String = try row.decode("name") {
            changes.append(Change(field: "name", before: try row.decode("name_before"), after: name))
        }
        if let birthDate: CalendarDate = try row.decode("birth_date") {
            let before: CalendarDate? = try row.decode("birth_date_before")
            changes.append(Change(field: "birth_date", before: before?.description, after: birthDate.description))
        }
        if let weight: Decimal = try row.decode("weight_kg") {
            let before: Decimal? = try row.decode("weight_kg_before")
            changes.append(
                Change(field: "weight_kg", before: before.map { $0.fixed(scale: 1) }, after: weight.fixed(scale: 1)))
        }
        self.changes = changes
        recordedAt = try row.decode("recorded_at")
        recordedBy = try row.decode("recorded_by")
        recordedLogin = try row.decode("recorded_login")
    }
}
