#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The statements that read the stock a session at a given time may draw, as the planner needs it:
/// each lot with the database's judgement of it (Schema/0015, meso_draw_refusal), its sealed stock,
/// what of it had arrived by then, and its open vials in the order a session draws them
/// (lot_open_vials). Swift plans from these facts and words the refusals; it judges nothing itself.
public enum StockFacts {
    /// Which lots to read: the candidate lots of a formula's products (those not destroyed that hold
    /// anything), judged as meso's own first-expiry-first-out choice (released then and now), or the
    /// lots a practitioner named with `Field.lot`, whatever their status, judged as they stood then.
    public enum Selection: Sendable {
        case formula(String)
        case named([LotRef])
    }

    /// Locks (with `locking`, through `meso_lock_lots`: no role may lock lot rows itself) the formula's
    /// candidate lots in ascending id, the one lock order every session takes after the patient's row,
    /// so that two sessions never deadlock and no lot or vial changes between the plan and the draw. The statements after it read what the locks
    /// hold as it stands once granted (READ COMMITTED); without `locking`, it reads the same ids.
    public static func lockQuery(formulaCode: String, locking: Bool) -> PostgresQuery {
        let candidates: PostgresQuery = """
            SELECT l.id FROM lot l JOIN formula_component c ON c.product_code = l.product_code
             WHERE c.formula_code = \(formulaCode)
               AND c.version = \(CheckFactsLoader.latestVersion(formulaCode))
               AND l.status <> 'destroyed' AND l.on_hand_ml > 0
            """
        return locking
            ? "SELECT l.id FROM public.meso_lock_lots(ARRAY(" + candidates + ")) l ORDER BY l.id"
            : candidates + " ORDER BY l.id"
    }

    /// The selected lots, each with its open vials.
    public static func fetch(_ selection: Selection, at sessionAt: Timestamp) -> Fetch<[StockLot]> {
        Fetch(query(selection, at: sessionAt), decode: lots(from:))
    }

    /// One row per lot, then one per open vial of it (vial_id not null), lots in id order.
    static func query(_ selection: Selection, at sessionAt: Timestamp) -> PostgresQuery {
        let lots: PostgresQuery
        let releasedNowToo: Bool
        switch selection {
        case .formula(let code):
            releasedNowToo = true
            lots = """
                SELECT l.id FROM lot l JOIN formula_component c ON c.product_code = l.product_code
                 WHERE c.formula_code = \(code)
                   AND c.version = \(CheckFactsLoader.latestVersion(code))
                   AND l.status <> 'destroyed' AND l.on_hand_ml > 0
                """
        case .named(let choices):
            releasedNowToo = false
            lots = """
                SELECT l.id FROM lot l
                  JOIN unnest(\(choices.map(\.productCode))::text[], \(choices.map(\.lotNumber))::text[])
                       AS n(product_code, lot_number)
                    ON l.product_code = n.product_code AND l.lot_number = n.lot_number
                """
        }
        return """
            WITH chosen AS (\(lots)),
            judged AS (
                SELECT l.id, l.product_code, l.lot_number, l.expiry, l.status, l.on_hand_ml, l.received_at,
                       public.meso_draw_refusal(l.id, NULL, \(sessionAt), \(releasedNowToo)) AS refusal,
                       public.lot_sealed_ml(l.id) AS sealed_ml,
                       r.received_ml, r.arrived_ml, r.since_at
                  FROM lot l
                  LEFT JOIN LATERAL (
                      SELECT sum(x.received_ml) AS received_ml,
                             coalesce(sum(x.received_ml) FILTER (
                                 WHERE x.received_at <= \(sessionAt)::timestamptz + public.meso_clock_tolerance()), 0) AS arrived_ml,
                             min(x.received_at) FILTER (
                                 WHERE x.received_at > \(sessionAt)::timestamptz + public.meso_clock_tolerance()) AS since_at
                        FROM lot_receipt x WHERE x.lot_id = l.id) r ON true
                 WHERE l.id IN (SELECT id FROM chosen)
            )
            SELECT j.id AS lot_id, NULL::bigint AS vial_id, 0::bigint AS draw_order, j.product_code, j.lot_number,
                   j.expiry, j.status, j.on_hand_ml, j.received_at, j.refusal, j.sealed_ml,
                   greatest(0, j.sealed_ml - (coalesce(j.received_ml, 0) - j.arrived_ml)) AS arrived_sealed_ml,
                   j.since_at, NULL::timestamptz AS opened_at, NULL::numeric AS remaining_ml,
                   NULL::date AS beyond_use_day,
                   \(sessionAt)::timestamptz < now() - public.meso_clock_tolerance() AS judged_then
              FROM judged j
            UNION ALL
            SELECT j.id, o.vial_id, o.draw_order, j.product_code, j.lot_number, j.expiry, j.status, j.on_hand_ml,
                   j.received_at, o.refusal, NULL, NULL, NULL, o.opened_at, o.remaining_ml, o.beyond_use_day, NULL
              FROM judged j CROSS JOIN LATERAL public.lot_open_vials(j.id, \(sessionAt), \(releasedNowToo)) o
             -- lot_open_vials answers only for a lot with an open vial: the index vial_lot_open says
             -- which, so that the lots without one (most of them) cost no call.
             WHERE EXISTS (SELECT FROM vial v WHERE v.lot_id = j.id AND v.remaining_ml > 0)
             ORDER BY 1, 3
            """
    }

    /// The lots of an answer to `query`, each with its open vials.
    static func lots(from result: PostgresResult) throws(PostgresError) -> [StockLot] {
        var lots: [StockLot] = []
        var pending: (row: PostgresRow, vials: [OpenVial])?
        func flush() throws(PostgresError) {
            guard let (row, vials) = pending else { return }
            lots.append(
                StockLot(
                    id: try row.decode("lot_id"), productCode: try row.decode("product_code"),
                    lotNumber: try row.decode("lot_number"), expiry: try row.decode("expiry"),
                    status: try row.decodeEnum("status"), onHandML: try row.decode("on_hand_ml"),
                    receivedAt: try row.decode("received_at"),
                    refusal: try row.decodeEnum("refusal", as: UnusableReason?.self),
                    sealedML: try row.decode("sealed_ml"), arrivedSealedML: try row.decode("arrived_sealed_ml"),
                    receivedSinceAt: try row.decode("since_at"), openVials: vials,
                    judgedThen: try row.decode("judged_then")))
            pending = nil
        }
        for row in result.rows {
            if try row.decode("vial_id", as: Int64?.self) == nil {
                try flush()
                pending = (row, [])
            } else {
                pending?.vials.append(try OpenVial(row: row))
            }
        }
        try flush()
        return lots
    }
}
