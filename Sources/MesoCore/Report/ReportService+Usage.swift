#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

extension ReportService {
    /// What performed sessions delivered between two of the clinic's days (both included), per product and,
    /// when asked, per compound: the mL of each product times its strengths, summed per compound by
    /// the same arithmetic that gives a formula's compound totals. Read in one snapshot.
    public func usage(_ request: UsageRequest) throws -> UsageReport {
        // The time range (a day wider each side than any time zone's) lets the index narrow the
        // search; the clinic's day decides.
        let performed: PostgresQuery = """
            s.status = 'performed' AND s.performed_at >= \(Timestamp(date: request.from.adding(days: -1)))
               AND s.performed_at < \(Timestamp(date: request.to.adding(days: 2)))
               AND meso_clinic_day(s.performed_at) BETWEEN \(request.from) AND \(request.to)
            """
        let delivered: PostgresQuery = """
            SELECT CASE WHEN \(request.period == .month)
                        THEN date_trunc('month', meso_clinic_day(s.performed_at))::date ELSE \(request.from) END AS period_start,
                   l.product_code, pr.name AS product_name, pr.vial_ml, pr.single_use,
                   sum(u.volume_ml) AS volume_ml, sum(u.waste_ml) AS waste_ml, count(DISTINCT u.session_id) AS sessions
              FROM session s
              JOIN session_usage u ON u.session_id = s.id
              JOIN lot l ON l.id = u.lot_id
              JOIN product pr ON pr.code = l.product_code
             WHERE \(performed)
             GROUP BY 1, l.product_code, pr.name, pr.vial_ml, pr.single_use
             ORDER BY 1, l.product_code
            """
        let ingredients: PostgresQuery = """
            SELECT \(unsafeRaw: FormulaIngredient.columns)
              FROM product_ingredient i JOIN compound co ON co.code = i.compound_code
             WHERE i.product_code IN (SELECT l.product_code FROM session s
                                        JOIN session_usage u ON u.session_id = s.id
                                        JOIN lot l ON l.id = u.lot_id
                                       WHERE \(performed))
             ORDER BY i.product_code, i.compound_code
            """
        return try MesoError.translating {
            let (deliveredRows, strengths) =
                request.grouping == .compound
                ? try connection.fetch(
                    Fetch.all(Fetch(delivered) { $0.rows }, Fetch(ingredients) { try $0.rows.map(FormulaIngredient.init(row:)) }))
                : (try connection.query(delivered).rows, [])
            var periods: [UsagePeriod] = []
            var rows = deliveredRows[...]
            while let first = rows.first {
                let start: CalendarDate = try first.decode("period_start")
                let inPeriod = try rows.prefix { row in try row.decode("period_start", as: CalendarDate.self) == start }
                rows = rows.dropFirst(inPeriod.count)
                var products: [ProductUsage] = []
                var components: [FormulaComponent] = []
                for row in inPeriod {
                    let usage = ProductUsage(
                        productCode: try row.decode("product_code"), productName: try row.decode("product_name"),
                        deliveredML: try row.decode("volume_ml"), wasteML: try row.decode("waste_ml"),
                        sessions: try row.decode("sessions"))
                    products.append(usage)
                    // What was delivered of the product, as the component of a formula that injected it all.
                    components.append(
                        FormulaComponent(
                            position: components.count + 1, productCode: usage.productCode,
                            productName: usage.productName, volumeML: usage.deliveredML,
                            vialML: try row.decode("vial_ml"), singleUse: try row.decode("single_use")))
                }
                let end = request.period == .month ? min(start.endOfMonth, request.to) : request.to
                periods.append(
                    UsagePeriod(
                        start: max(start, request.from), end: end, products: products,
                        compounds: CompoundTotal.totals(components: components, ingredients: strengths).sorted {
                            ($0.compound.code, $0.unit == .iu ? 1 : 0) < ($1.compound.code, $1.unit == .iu ? 1 : 0)
                        }))
            }
            return UsageReport(request: request, periods: periods)
        }
    }
}
