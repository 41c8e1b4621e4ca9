#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The facts of the rules that look beyond the patient's record and the cocktail: the session's
/// clinic day, the formula's sessions on either side of it, dose limits and what the day's other
/// sessions delivered, and unanswered reactions. Sent in the same pipeline as the rest.
extension CheckFactsLoader {
    /// The facts read here, as `CheckFacts` carries them.
    struct Clinical {
        let sessionDay: CalendarDate
        let formulaSessions: [PriorSession]
        let doseLimits: [DoseLimit]
        let anaesthetics: Set<String>
        let sameDayDoses: [DayDose]
        let reactions: [PastReaction]
    }

    static func fetchClinical(mrn: String, formulaCode: String, at sessionAt: Timestamp) -> Fetch<Clinical> {
        Fetch.all(
            Fetch("SELECT meso_clinic_day(\(sessionAt)) AS session_day") { result in
                guard let day = result.first else {
                    throw MesoError(.internal, "The database did not return the clinic's day of the session.")
                }
                return try day.decode("session_day", as: CalendarDate.self)
            },
            Fetch(formulaSessionsQuery(mrn: mrn, formulaCode: formulaCode, at: sessionAt)) { result in
                try result.rows.map { row in
                    PriorSession(
                        id: try row.decode("id"), formulaVersion: try row.decode("formula_version"),
                        performedAt: try row.decode("performed_at"), performedOn: try row.decode("performed_on"))
                }
            },
            Fetch(
                """
                SELECT co.code, co.class = 'anaesthetic' AS anaesthetic, d.mg_per_kg, d.max_mg, d.with_vasoconstrictor
                  FROM compound co LEFT JOIN dose_limit d ON d.compound_code = co.code
                 WHERE co.class = 'anaesthetic' OR d.compound_code IS NOT NULL
                 ORDER BY co.code, d.with_vasoconstrictor
                """, decode: limits(from:)),
            Fetch(sameDayDosesQuery(mrn: mrn, at: sessionAt)) { result in
                try result.rows.map { row in
                    DayDose(
                        sessionID: try row.decode("session_id"), productCode: try row.decode("product_code"),
                        compoundCode: try row.decode("compound_code"), amount: try row.decode("amount"),
                        unit: try row.decodeEnum("unit"), epinephrineUGPerML: try row.decode("epinephrine_ug_per_ml"))
                }
            },
            Fetch(reactionsQuery(mrn: mrn, at: sessionAt)) { result in
                try result.rows.map { row in
                    PastReaction(
                        eventID: try row.decode("event_id"), kind: try row.decodeEnum("kind"),
                        severity: try row.decodeEnum("severity"), sessionID: try row.decode("session_id"),
                        sessionOn: try row.decode("session_on"), compounds: try row.decode("compounds"))
                }
            }
        ).map { day, sessions, limits, doses, reactions in
            Clinical(
                sessionDay: day, formulaSessions: sessions, doseLimits: limits.limits, anaesthetics: limits.anaesthetics,
                sameDayDoses: doses, reactions: reactions)
        }
    }

    /// Every dose limit on file, and the compounds of the anaesthetic class.
    private static func limits(from result: PostgresResult) throws -> (limits: [DoseLimit], anaesthetics: Set<String>) {
        var limits: [DoseLimit] = []
        var anaesthetics: Set<String> = []
        for row in result.rows {
            let code: String = try row.decode("code")
            if try row.decode("anaesthetic", as: Bool.self) { anaesthetics.insert(code) }
            if let perKG: Decimal = try row.decode("mg_per_kg") {
                limits.append(
                    DoseLimit(
                        compoundCode: code, mgPerKG: perKG, maxMG: try row.decode("max_mg"),
                        withVasoconstrictor: try row.decode("with_vasoconstrictor")))
            }
        }
        return (limits, anaesthetics)
    }

    /// The last performed session of the formula at or before the time, and the first after it.
    ///
    /// Each side bounds the time as a row comparison on (patient, formula, time), which only the
    /// index session_patient_formula_time answers: the statistics never count the sessions recorded
    /// since the table was last analysed, so a bare `performed_at > time` looks nearly empty to the
    /// planner, which then walks the performed-at index through every session the clinic recorded
    /// since, filtering for this patient.
    private static func formulaSessionsQuery(mrn: String, formulaCode: String, at sessionAt: Timestamp) -> PostgresQuery {
        let columns = "s.id, s.formula_version, s.performed_at, meso_clinic_day(s.performed_at) AS performed_on"
        let source: PostgresQuery = """
            session s JOIN patient p ON p.id = s.patient_id
             WHERE p.mrn = \(mrn) AND s.formula_code = \(formulaCode) AND s.status = 'performed'
            """
        let key: PostgresQuery = "(s.patient_id, s.formula_code, s.performed_at)"
        let bound: PostgresQuery = "(p.id, \(formulaCode), \(sessionAt))"
        return """
            (SELECT \(unsafeRaw: columns) FROM \(source) AND \(key) <= \(bound) ORDER BY s.performed_at DESC LIMIT 1)
            UNION ALL
            (SELECT \(unsafeRaw: columns) FROM \(source) AND \(key) > \(bound) ORDER BY s.performed_at LIMIT 1)
            """
    }

    /// What each other performed session of the patient on the session's clinic day delivered of
    /// each compound with a limit or of the anaesthetic class, per product (the volume injected
    /// times the strength), with the epinephrine the product carries. The time window only lets
    /// the index narrow the search; the clinic day decides.
    private static func sameDayDosesQuery(mrn: String, at sessionAt: Timestamp) -> PostgresQuery {
        """
        SELECT s.id AS session_id, l.product_code, i.compound_code, sum(u.volume_ml) * i.amount AS amount, i.unit,
               coalesce((SELECT CASE e.unit WHEN 'mg' THEN e.amount * 1000 WHEN 'ug' THEN e.amount END
                           FROM product_ingredient e
                          WHERE e.product_code = l.product_code AND e.compound_code = \(Vasoconstrictor.epinephrine)), 0)
                   AS epinephrine_ug_per_ml
          FROM session s
          JOIN patient p ON p.id = s.patient_id
          JOIN session_usage u ON u.session_id = s.id
          JOIN lot l ON l.id = u.lot_id
          JOIN product_ingredient i ON i.product_code = l.product_code
          JOIN compound co ON co.code = i.compound_code
         WHERE p.mrn = \(mrn) AND s.status = 'performed'
           AND s.performed_at > \(sessionAt.adding(seconds: -2 * 86_400))
           AND s.performed_at < \(sessionAt.adding(seconds: 2 * 86_400))
           AND meso_clinic_day(s.performed_at) = meso_clinic_day(\(sessionAt))
           AND (co.class = 'anaesthetic' OR EXISTS (SELECT FROM dose_limit d WHERE d.compound_code = co.code))
         GROUP BY s.id, l.product_code, i.compound_code, i.amount, i.unit
         ORDER BY s.id, l.product_code, i.compound_code
        """
    }

    /// Allergic reactions (any severity) and severe events after the patient's performed sessions
    /// before this one, not yet assessed, each with every compound its session injected.
    private static func reactionsQuery(mrn: String, at sessionAt: Timestamp) -> PostgresQuery {
        """
        SELECT e.id AS event_id, e.kind, e.severity, s.id AS session_id, meso_clinic_day(s.performed_at) AS session_on,
               array(SELECT DISTINCT i.compound_code
                       FROM session_usage u JOIN lot l ON l.id = u.lot_id
                       JOIN product_ingredient i ON i.product_code = l.product_code
                      WHERE u.session_id = s.id ORDER BY 1) AS compounds
          FROM session s
          JOIN patient p ON p.id = s.patient_id
          JOIN adverse_event e ON e.session_id = s.id
         WHERE p.mrn = \(mrn) AND s.status = 'performed' AND s.performed_at < \(sessionAt)
           AND (e.kind = 'allergic-reaction' OR e.severity = 'severe')
           AND NOT EXISTS (SELECT FROM adverse_event_assessment a WHERE a.adverse_event_id = e.id)
         ORDER BY s.performed_at, e.id
        """
    }
}
