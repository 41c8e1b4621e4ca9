#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension AuditService {
    /// A reversal puts back exactly what one earlier row of the same lot took out, once.
    func reversals(_ connection: PostgresConnection) throws -> [Discrepancy] {
        try connection.query(
            """
            SELECT r.id, r.reverses_id, r.quantity_ml, o.quantity_ml AS reversed_ml, o.lot_id = r.lot_id AS same_lot,
                   (o.session_id, o.patient_id) IS NOT DISTINCT FROM (r.session_id, r.patient_id) AS same_session,
                   l.product_code, l.lot_number, r.session_id,
                   count(*) OVER (PARTITION BY r.reverses_id) AS times_reversed
              FROM stock_movement r
              JOIN stock_movement o ON o.id = r.reverses_id
              JOIN lot l ON l.id = r.lot_id
             WHERE r.kind = 'reversal'
             ORDER BY r.id
            """
        ).rows.compactMap { row in
            let movement: Int64 = try row.decode("id")
            let reversed: Int64 = try row.decode("reverses_id")
            let putBack: Decimal = try row.decode("quantity_ml")
            let takenOut: Decimal = -(try row.decode("reversed_ml", as: Decimal.self))
            let times: Int = try row.decode("times_reversed")
            let problem: String
            if !(try row.decode("same_lot", as: Bool.self)) {
                problem = "it names movement \(reversed) of another lot"
            } else if reversed >= movement {
                problem = "it names movement \(reversed), which came after it"
            } else if putBack != takenOut {
                problem = "it puts back \(Self.ml(putBack)) where movement \(reversed) took out \(Self.ml(takenOut))"
            } else if times > 1 {
                problem = "movement \(reversed) is reversed \(times) times"
            } else if !(try row.decode("same_session", as: Bool.self)) {
                problem = "it names another session or patient than movement \(reversed)"
            } else {
                return nil
            }
            let product: String = try row.decode("product_code")
            let lotNumber: String = try row.decode("lot_number")
            return Discrepancy(
                rule: .reversal, productCode: product, lotNumber: lotNumber, sessionID: try row.decode("session_id"),
                movementID: movement, recordedML: putBack, expectedML: takenOut,
                message: "Reversal \(movement) of \(Self.label(product, lotNumber)) is wrong: \(problem).")
        }
    }
}
