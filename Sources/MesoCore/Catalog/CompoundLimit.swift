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

/// A validated `compound limit set`: mg per kg of body weight and an absolute cap in mg, for plain
/// solutions or for solutions with a vasoconstrictor.
public struct NewCompoundLimit: Sendable, Hashable {
    public static let maxMGPerKG: Decimal = 100
    public static let maxCapMG: Decimal = 10000

    public let compoundCode: String
    public let mgPerKG: Decimal
    public let maxMG: Decimal
    public let withVasoconstrictor: Bool

    public init(compound: String, mgPerKG: String, maxMG: String, withVasoconstrictor: Bool) throws(MesoError) {
        compoundCode = try FieldText.code(compound, field: "CODE", upperCase: false)
        self.mgPerKG = try FieldText.decimal(mgPerKG, field: "--mg-per-kg", unit: "mg/kg", maxDecimals: 3, maximum: Self.maxMGPerKG)
        self.maxMG = try FieldText.decimal(maxMG, field: "--max-mg", unit: "mg", maxDecimals: 3, maximum: Self.maxCapMG)
        self.withVasoconstrictor = withVasoconstrictor
    }
}
