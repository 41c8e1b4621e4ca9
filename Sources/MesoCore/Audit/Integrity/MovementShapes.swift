#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// Every ledger row has the shape the CLI gives its kind (Schema/0012's stock_movement_shape).
    func movementShapes(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT m.id, m.kind, m.session_id, l.product_code, l.lot_number,
                   CASE WHEN (m.session_id IS NULL) <> (m.patient_id IS NULL) THEN 'it names a session without its patient or a patient without a session'
                        WHEN (m.kind = 'reversal') <> (m.reverses_id IS NOT NULL) THEN 'only a reversal names the row it reverses, and a reversal always does'
                        WHEN m.kind IN ('receipt', 'count-adjustment', 'destruction') AND m.session_id IS NOT NULL THEN 'a ' || m.kind || ' belongs to no session'
                        ELSE 'a destruction of a lot''s sealed vials writes off everything the lot held, yet it left ' || m.balance_after_ml || ' mL'
                   END AS problem
              FROM stock_movement m JOIN lot l ON l.id = m.lot_id
             WHERE NOT ((m.session_id IS NULL) = (m.patient_id IS NULL)
                        AND (m.kind = 'reversal') = (m.reverses_id IS NOT NULL)
                        AND (m.kind NOT IN ('receipt', 'count-adjustment', 'destruction') OR m.session_id IS NULL)
                        AND (m.kind <> 'destruction' OR m.balance_after_ml = 0 OR m.vial_id IS NOT NULL))
             ORDER BY m.id
            """
        ).rows.map { row in
            let movement: Int64 = try row.decode("id")
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            let kind: String = try row.decode("kind")
            let problem: String = try row.decode("problem")
            return Discrepancy(
                rule: .movementShape, productCode: product, lotNumber: lotNumber, sessionID: try row.decode("session_id"),
                movementID: movement,
                message: "Movement \(movement) of \(Self.label(product, lotNumber)) (\(kind)) is not one the CLI writes: \(problem).")
        }
    }
}
