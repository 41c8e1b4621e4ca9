import Foundation
import MesoCore
import PostgresClient

/// pgbench script (a): the same work as one captured session, written the way a typical
/// application would: one statement per round trip, with the same locks (the patient, then the
/// formula's lots `FOR UPDATE` in id order), reading the patient's allergies, conditions and
/// medications (with their amendments and ends, and the vocabulary terms the medications may name),
/// the formula's sessions on either side, the formula, its components, ingredients and allergen
/// groups, the dose limits, the clinic's time zone, the day's other sessions, unanswered reactions and
/// the lots; then the session, each finding, each usage row and each ledger
/// row inserted on its own (the ledger trigger updates each lot), and COMMIT.
enum StatementByStatementScript {
    static func make(_ session: CapturedSession, cohort: ClosedRange<Int64>, number: Int) throws -> PgbenchScript {
        var script = PgbenchScript(
            file: "statement-by-statement-\(number).sql", prefix: "a\(number)",
            comment: "the work of one session of \(session.kind), one statement at a time")
        let recorded = session.record.session
        let formula = script.bind(recorded.formulaCode)
        script.line("\\set pid random(\(cohort.lowerBound), \(cohort.upperBound))")
        script.line("\\set mrn \(PatientGenerator.mrnOffset) + :pid")
        script.statement("BEGIN")
        script.line(
            """
            SELECT id AS patient_id, name, birth_date, weight_kg, allergy_assessment
              FROM patient WHERE mrn = :mrn FOR UPDATE \\gset
            """)
        script.statement(
            """
            SELECT a.id, a.compound_code, a.group_code, a.criticality, a.verification, a.reaction, co.name, co.role, co.source
              FROM patient_allergy a LEFT JOIN compound co ON co.code = a.compound_code
             WHERE a.patient_id = :patient_id ORDER BY a.id
            """)
        script.statement(
            """
            SELECT m.allergy_id, m.verification, m.criticality FROM patient_allergy_amendment m
              JOIN patient_allergy a ON a.id = m.allergy_id WHERE a.patient_id = :patient_id ORDER BY m.id
            """)
        script.statement(
            """
            SELECT m.compound_code, m.group_code FROM allergen_group_member m
              JOIN patient_allergy a ON a.compound_code = m.compound_code
             WHERE a.patient_id = :patient_id
            """)
        script.statement(
            "SELECT id, kind, onset, note, recorded_at FROM patient_condition WHERE patient_id = :patient_id ORDER BY id")
        script.statement(
            """
            SELECT e.condition_id, e.ended_on FROM patient_condition_end e
              JOIN patient_condition c ON c.id = e.condition_id WHERE c.patient_id = :patient_id ORDER BY e.id
            """)
        script.statement(
            """
            SELECT m.id, m.name, meso_medication_words(m.name) AS words, st.stopped_on
              FROM patient_medication m
              LEFT JOIN LATERAL (SELECT s.stopped_on FROM patient_medication_stop s
                                  WHERE s.medication_id = m.id ORDER BY s.id DESC LIMIT 1) st ON true
             WHERE m.patient_id = :patient_id ORDER BY m.id
            """)
        script.statement(
            """
            SELECT DISTINCT ON (t.id) t.term, t.words, s.name, c.code, c.name, c.advice,
                   coalesce(s.washout_days, c.washout_days) AS washout_days
              FROM (SELECT meso_medication_words(name) AS words FROM patient_medication
                     WHERE patient_id = :patient_id OFFSET 0) AS m
              JOIN medication_term t ON strpos(m.words, t.match_key) > 0
              JOIN medication_substance s ON s.name = t.substance
              JOIN medication_class c ON c.code = s.class_code
             ORDER BY t.id
            """)
        script.line(
            """
            SELECT version AS formula_version, name AS formula_name, min_interval_days
              FROM formula_version WHERE formula_code = \(formula) ORDER BY version DESC LIMIT 1 \\gset
            """)
        script.statement(
            """
            SELECT c.position, c.product_code, p.name, c.volume_ml, p.vial_ml, p.single_use
              FROM formula_component c JOIN product p ON p.code = c.product_code
             WHERE c.formula_code = \(formula) AND c.version = :formula_version ORDER BY c.position
            """)
        script.statement(
            """
            SELECT i.product_code, i.compound_code, co.name, co.role, co.source, i.amount, i.unit
              FROM formula_component c
              JOIN product_ingredient i ON i.product_code = c.product_code
              JOIN compound co ON co.code = i.compound_code
             WHERE c.formula_code = \(formula) AND c.version = :formula_version ORDER BY c.position, i.compound_code
            """)
        script.statement(
            """
            SELECT m.compound_code, m.group_code
              FROM formula_component c
              JOIN product_ingredient i ON i.product_code = c.product_code
              JOIN allergen_group_member m ON m.compound_code = i.compound_code
             WHERE c.formula_code = \(formula) AND c.version = :formula_version
            """)
        script.statement(
            """
            SELECT co.code, co.class, d.mg_per_kg, d.max_mg, d.with_vasoconstrictor
              FROM compound co LEFT JOIN dose_limit d ON d.compound_code = co.code
             WHERE co.class = 'anaesthetic' OR d.compound_code IS NOT NULL
            """)
        let performedAt = script.bind(recorded.performedAt.description, type: .timestamptz)
        script.statement("SELECT time_zone FROM clinic")
        script.statement(
            """
            SELECT id, formula_version, performed_at FROM session
             WHERE patient_id = :patient_id AND formula_code = \(formula) AND status = 'performed'
               AND performed_at <= \(performedAt)
             ORDER BY performed_at DESC LIMIT 1
            """)
        script.statement(
            """
            SELECT id, formula_version, performed_at FROM session
             WHERE patient_id = :patient_id AND formula_code = \(formula) AND status = 'performed'
               AND performed_at > \(performedAt)
             ORDER BY performed_at LIMIT 1
            """)
        script.statement(
            """
            SELECT s.id, u.lot_id, u.volume_ml FROM session s JOIN session_usage u ON u.session_id = s.id
             WHERE s.patient_id = :patient_id AND s.status = 'performed'
               AND s.performed_at > \(performedAt)::timestamptz - interval '1 day'
               AND s.performed_at < \(performedAt)::timestamptz + interval '1 day'
            """)
        script.statement(
            """
            SELECT e.id, e.kind, e.severity, e.session_id FROM session s JOIN adverse_event e ON e.session_id = s.id
             WHERE s.patient_id = :patient_id AND s.status = 'performed' AND s.performed_at < \(performedAt)
               AND (e.kind = 'allergic-reaction' OR e.severity = 'severe')
               AND NOT EXISTS (SELECT FROM adverse_event_assessment a WHERE a.adverse_event_id = e.id)
            """)
        script.statement(
            """
            SELECT l.id FROM lot l JOIN formula_component c ON c.product_code = l.product_code
             WHERE c.formula_code = \(formula) AND c.version = :formula_version
               AND l.status <> 'destroyed' AND l.on_hand_ml > 0
             ORDER BY l.id FOR UPDATE OF l
            """)
        // What may be drawn at the session's time, lot by lot and open vial by open vial (Schema/0015).
        script.statement(
            """
            SELECT l.id, l.product_code, l.lot_number, l.expiry, l.status, l.on_hand_ml, l.received_at,
                   public.meso_draw_refusal(l.id, NULL, \(performedAt), true) AS refusal, public.lot_sealed_ml(l.id) AS sealed_ml,
                   (SELECT sum(r.received_ml) FROM lot_receipt r WHERE r.lot_id = l.id) AS received_ml
              FROM lot l JOIN formula_component c ON c.product_code = l.product_code
             WHERE c.formula_code = \(formula) AND c.version = :formula_version
               AND l.status <> 'destroyed' AND l.on_hand_ml > 0
             ORDER BY l.id
            """)
        script.statement(
            """
            SELECT l.id, o.* FROM lot l JOIN formula_component c ON c.product_code = l.product_code
             CROSS JOIN LATERAL public.lot_open_vials(l.id, \(performedAt), true) o
             WHERE c.formula_code = \(formula) AND c.version = :formula_version
               AND l.status <> 'destroyed' AND l.on_hand_ml > 0
             ORDER BY l.id, o.draw_order
            """)

        script.line(
            """
            INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, area, verdict,
                                 recorded_by)
            VALUES (:patient_id, \(formula), :formula_version, \(script.bind(recorded.practitioner)), \(performedAt),
                    \(script.bind(recorded.area)), \(script.bind(recorded.verdict.rawValue)),
                    \(script.bind(recorded.recordedBy)))
            RETURNING id AS session_id \\gset
            """)
        for finding in session.record.findings {
            script.statement(
                """
                INSERT INTO session_finding (session_id, position, severity, rule, match_type, message, compound_code,
                                             group_code, product_code, lot_id, condition_id, overridden)
                VALUES (:session_id, \(script.bind(String(finding.position), type: .int4)),
                        \(script.bind(finding.severity.rawValue)), \(script.bind(finding.rule.rawValue)),
                        \(script.bind(finding.matchType?.rawValue)), \(script.bind(finding.message.rendered(naming: { "--" + $0.rawValue }))),
                        \(script.bind(finding.compoundCode)), \(script.bind(finding.groupCode)),
                        \(script.bind(finding.productCode)), \(script.bind(finding.lotID.map(String.init), type: .int8)),
                        \(script.bind(finding.conditionID.map(String.init), type: .int8)),
                        \(script.bind(String(finding.overridden), type: .bool)))
                """)
        }
        for usage in session.record.usage {
            script.statement(
                """
                INSERT INTO session_usage (session_id, patient_id, performed_at, lot_id, volume_ml, waste_ml)
                VALUES (:session_id, :patient_id, \(performedAt), \(script.bind(String(usage.lotID), type: .int8)),
                        \(script.bind("\(usage.volumeML)", type: .numeric)), \(script.bind("\(usage.wasteML)", type: .numeric)))
                """)
        }
        // A lot's ledger rows as meso writes them: what it injected, split by vial on the server, and the
        // opened single-use remainder, one row each statement.
        let actor = script.bind(session.record.session.recordedBy)
        for usage in session.record.usage {
            let lot = script.bind(String(usage.lotID), type: .int8)
            script.statement(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, actor, session_id, patient_id, vial_id)
                SELECT \(lot), 'session-use', d.quantity_ml, \(actor), :session_id, :patient_id, d.vial_id
                  FROM public.lot_vial_draws(\(lot), 'session-use', \(script.bind("\(-usage.volumeML)", type: .numeric)), \(performedAt)) d
                RETURNING id, balance_after_ml
                """)
            if usage.wasteML > 0 {
                script.statement(
                    """
                    INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor, session_id, patient_id)
                    VALUES (\(lot), 'waste', \(script.bind("\(-usage.wasteML)", type: .numeric)),
                            \(script.bind(SessionService.openedVialWasteReason)), \(actor), :session_id, :patient_id)
                    RETURNING id, balance_after_ml
                    """)
            }
        }
        script.statement("COMMIT")
        return script
    }
}
