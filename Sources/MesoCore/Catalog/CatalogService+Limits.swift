#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Dose limits, set and removed by the pharmacist: each change is a `dose_limit_change` row with
/// who, when and the values before (Schema/0013), and applies to every check from then on.
extension CatalogService {
    /// Every limit on file, by compound, plain before with-vasoconstrictor.
    public func limits(of compound: CompoundCode? = nil) throws -> [CompoundLimit] {
        try MesoError.translating {
            try connection.query(
                """
                SELECT \(unsafeRaw: CompoundLimit.columns)
                  FROM \(unsafeRaw: CompoundLimit.source)
                 WHERE \(compound)::text IS NULL OR d.compound_code = \(compound)
                 ORDER BY d.compound_code, d.with_vasoconstrictor
                """
            ).rows.map(CompoundLimit.init(row:))
        }
    }

    /// Sets (or replaces) one of a compound's limits.
    public func setLimit(_ request: NewCompoundLimit) throws -> CompoundLimit {
        try writeLimitChange(
            compound: request.compoundCode.text, withVasoconstrictor: request.withVasoconstrictor,
            values: (request.mgPerKG, request.maxMG))
        guard
            let written = try limits(of: request.compoundCode).first(where: {
                $0.limit.withVasoconstrictor == request.withVasoconstrictor
            })
        else { throw MesoError(.internal, "The limit of \(request.compoundCode) just set could not be read back.") }
        return written
    }

    /// Removes one of a compound's limits; a local anaesthetic left without one warns in every check.
    public func removeLimit(compound: CompoundCode, withVasoconstrictor: Bool) throws {
        try writeLimitChange(compound: compound.text, withVasoconstrictor: withVasoconstrictor, values: nil)
    }

    private func writeLimitChange(compound: String, withVasoconstrictor: Bool, values: (mgPerKG: Decimal, maxMG: Decimal)?)
        throws
    {
        do {
            let written = try connection.query(
                """
                INSERT INTO dose_limit_change (compound_code, with_vasoconstrictor, change, mg_per_kg, max_mg, recorded_by)
                SELECT code, \(withVasoconstrictor), \(values == nil ? "remove" : "set"), \(values?.mgPerKG), \(values?.maxMG),
                       \(actor.name)
                  FROM compound WHERE code = \(compound)
                RETURNING id
                """)
            guard written.first != nil else { throw MesoError.invalid("CODE", "No compound has the code \(compound).") }
        } catch let error as PostgresError where error.sqlState == .doseLimitChangeRefused {
            throw MesoError.invalid("CODE", Message(error.message))
        } catch let error as PostgresError {
            throw MesoError(error)
        }
    }
}
