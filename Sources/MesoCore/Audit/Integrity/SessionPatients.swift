#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// A ledger row that names a patient names its session's patient.
    func sessionPatients(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT m.id, m.session_id, l.product_code, l.lot_number, p.mrn AS movement_mrn, sp.mrn AS session_mrn
              FROM stock_movement m
              JOIN session s ON s.id = m.session_id
              JOIN patient p ON p.id = m.patient_id
              JOIN patient sp ON sp.id = s.patient_id
              JOIN lot l ON l.id = m.lot_id
             WHERE m.patient_id <> s.patient_id
             ORDER BY m.id
            """
        ).rows.map { row in
            let movement: Int64 = try row.decode("id")
            let session: Int64 = try row.decode("session_id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let named: String = try row.decode("movement_mrn")
            let actual: String = try row.decode("session_mrn")
            return Discrepancy(
                rule: .sessionPatient, productCode: product, lotNumber: lotNumber, sessionID: session,
                movementID: movement,
                message: "Movement \(movement) of \(Self.label(product, lotNumber)) names patient \(named) but its session \(session) is for \(actual).")
        }
    }
}
