#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// The lot trace holds exactly one row per usage row, equal to what the record derives for it
    /// (Schema/0008's lot_trace_expected): `audit lot` answers from it alone.
    func lotTraces(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT coalesce(e.session_id, t.session_id) AS session_id, l.product_code, l.lot_number,
                   t.session_id IS NULL AS missing, e.session_id IS NULL AS extra
              FROM lot_trace_expected e
              FULL JOIN lot_trace t ON t.session_id = e.session_id AND t.lot_id = e.lot_id
              JOIN lot l ON l.id = coalesce(e.lot_id, t.lot_id)
             WHERE t.session_id IS NULL OR e.session_id IS NULL
                OR (t.performed_at, t.patient_id, t.volume_ml, t.waste_ml, t.practitioner, t.formula_code,
                    t.formula_version, t.area, t.patient_mrn, t.patient_name, t.patient_birth_date, t.cancelled,
                    t.adverse_events)
                   IS DISTINCT FROM
                   (e.performed_at, e.patient_id, e.volume_ml, e.waste_ml, e.practitioner, e.formula_code,
                    e.formula_version, e.area, e.patient_mrn, e.patient_name, e.patient_birth_date, e.cancelled,
                    e.adverse_events)
             ORDER BY 1, 2, 3
            """
        ).rows.map { row in
            let session: Int64 = try row.decode("session_id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let lot = Self.label(product, lotNumber)
            let message =
                try row.decode("missing", as: Bool.self)
                ? "Session \(session)'s use of \(lot) is missing from the lot trace: audit lot would not list it."
                : try row.decode("extra", as: Bool.self)
                    ? "The lot trace lists session \(session) for \(lot), which has no such usage row."
                    : "The lot trace's copy of session \(session)'s use of \(lot) differs from the session, its patient or its adverse events."
            return Discrepancy(
                rule: .lotTrace, productCode: product, lotNumber: lotNumber, sessionID: session, message: message)
        }
    }
}
