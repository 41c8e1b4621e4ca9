#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A dose limit on file, with the change that set it: who (the actor and the database login) and when.
public struct CompoundLimit: Sendable, Hashable {
    public let limit: DoseLimit
    public let compoundName: String
    public let compoundClass: CompoundClass
    public let changedAt: Timestamp
    public let changedBy: String
    public let changedLogin: String

    static let columns = """
        d.compound_code, co.name AS compound_name, co.class, d.mg_per_kg, d.max_mg, d.with_vasoconstrictor,
        c.recorded_at AS changed_at, c.recorded_by AS changed_by, c.recorded_login AS changed_login
        """

    /// `dose_limit d` with its compound and the change that set it.
    static let source = """
        dose_limit d JOIN compound co ON co.code = d.compound_code
          JOIN LATERAL (SELECT x.recorded_at, x.recorded_by, x.recorded_login FROM dose_limit_change x
                         WHERE x.compound_code = d.compound_code AND x.with_vasoconstrictor = d.with_vasoconstrictor
                         ORDER BY x.id DESC LIMIT 1) c ON true
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
