#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// A formula version has at least one component.
    func formulaComponents(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT v.formula_code, v.version FROM formula_version v
             WHERE NOT EXISTS (SELECT FROM formula_component c WHERE c.formula_code = v.formula_code AND c.version = v.version)
             ORDER BY v.formula_code, v.version
            """
        ).rows.map { row in
            let formula: String = try row.decode("formula_code")
            let version: Int = try row.decode("version")
            return Discrepancy(
                rule: .formulaComponents,
                message: "Formula \(formula) version \(version) has no components: a session of it would inject nothing.")
        }
    }
}
