#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A dose limit on file, with its last change: who set it (the actor and the database login) and when.
public struct CompoundLimit: Sendable, Hashable {
    public let limit: DoseLimit
    public let compoundName: String
    public let compoundClass: CompoundClass
    public let changedAt: Timestamp
    public let changedBy: String
    public let changedLogin: String

    static let columns = """
        d.compound_code, co.name AS compound_name, co.class, d.mg_per_kg, d.max_mg, d.with_vasoconstrictor,
        d.changed_at, d.changed_by, d.changed_login
        """

    init(row: PostgresRow) throws(PostgresError) {
        limit = DoseLimit(
            compoundCode: try row.decode("compound_code"), mgPerKG: try row.decode("mg_per_kg"),
            maxMG: try row.decode("max_mg"), withVasoconstrictor: try row.decode("with_vasoconstrictor"))
        compoundName = try row.decode("compound_name")
        compoundClass = try row.decodeEnum("class")
        changedAt = try row.decode("changed_at")
        changedBy = try row.decode("changed_by")
        changedLogin = try row.decode("changed_login")
    }
}
