import PostgresClient

/// Reports over stock and sessions for the pharmacist's planning. Reads only.
public struct ReportService {
    public let connection: PostgresConnection
    public let actor: Actor

    public init(connection: PostgresConnection, actor: Actor) {
        self.connection = connection
        self.actor = actor
    }

    /// Lots holding stock whose expiry falls within `withinDays` days of the clinic's today (the day
    /// the check and sessions judge expiry by), and every expired lot still holding stock, whatever its
    /// status; and the open vials whose beyond-use day falls as soon, those past it included.
    public func expiry(within withinDays: Int, on day: CalendarDate? = nil) throws -> ExpiryReport {
        try MesoError.translating {
            let today = try day
                ?? connection.query("SELECT public.meso_clinic_day(now()) AS today").rows[0].decode("today", as: CalendarDate.self)
            let horizon = today.adding(days: withinDays)
            let lots = try connection.query(
                """
                SELECT l.product_code, p.name AS product_name, l.lot_number, l.expiry, l.on_hand_ml, l.status
                  FROM lot l JOIN product p ON p.code = l.product_code
                 WHERE l.on_hand_ml > 0 AND l.expiry <= \(horizon)
                 ORDER BY l.expiry, l.product_code, l.lot_number
                """
            ).rows.map { row in
                let expiry: CalendarDate = try row.decode("expiry")
                return ExpiringLot(
                    productCode: try row.decode("product_code"), productName: try row.decode("product_name"),
                    lotNumber: try row.decode("lot_number"), expiry: expiry, daysLeft: today.days(until: expiry),
                    onHandML: try row.decode("on_hand_ml"), status: try row.decodeEnum("status"))
            }
            let vials = try connection.query(
                """
                SELECT * FROM (
                    SELECT l.product_code, p.name AS product_name, l.lot_number, v.id AS vial_id, v.opened_at,
                           v.remaining_ml, l.status,
                           public.meso_beyond_use_day(v.opened_at, p.in_use_days, l.expiry) AS beyond_use_day
                      FROM vial v JOIN lot l ON l.id = v.lot_id JOIN product p ON p.code = l.product_code
                     WHERE v.remaining_ml > 0 AND l.status <> 'destroyed') o
                 WHERE o.beyond_use_day <= \(horizon)
                 ORDER BY o.beyond_use_day, o.product_code, o.lot_number, o.vial_id
                """
            ).rows.map { row in
                let day: CalendarDate = try row.decode("beyond_use_day")
                return ExpiringVial(
                    productCode: try row.decode("product_code"), productName: try row.decode("product_name"),
                    lotNumber: try row.decode("lot_number"), vialID: try row.decode("vial_id"),
                    openedAt: try row.decode("opened_at"), beyondUseDay: day, daysLeft: today.days(until: day),
                    remainingML: try row.decode("remaining_ml"), status: try row.decodeEnum("status"))
            }
            return ExpiryReport(today: today, withinDays: withinDays, lots: lots, vials: vials)
        }
    }
}
