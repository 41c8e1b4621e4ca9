#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The rows one session writes, as the statements of the pipeline that commits them, and the
/// record built from what they return.
///
/// The session goes first, alone: the ledger trigger (Schema/0004, stock_movement_apply) reads
/// its performed_at to judge expiry, and rows written by the same statement would be invisible to
/// it. The later statements name it by `currval` of its id sequence. Findings, usage and ledger
/// rows are each one multi-row INSERT over `unnest` of arrays, whatever the number of rows.
struct SessionDraft {
    let facts: CheckFacts
    let goAhead: SessionGoAhead
    let practitioner: String
    let area: String?
    let at: Timestamp
    let actor: String

    /// One ledger row to write: the volume injected from a lot, or the opened remainder wasted.
    struct Movement {
        let draw: LotDraw
        let kind: StockMovement.Kind
        let quantityML: Decimal
        let reason: String?
    }

    var draws: [LotDraw] { goAhead.plans.flatMap(\.draws) }

    var movements: [Movement] {
        draws.flatMap { draw in
            var rows = [Movement(draw: draw, kind: .sessionUse, quantityML: -draw.injectedML, reason: nil)]
            if draw.wasteML > 0 {
                rows.append(
                    Movement(
                        draw: draw, kind: .waste, quantityML: -draw.wasteML,
                        reason: SessionService.openedVialWasteReason))
            }
            return rows
        }
    }

    var statements: [PostgresQuery] {
        let findings = goAhead.findings
        let movements = movements
        let sessionID: PostgresQuery = "currval('session_id_seq')"
        var statements: [PostgresQuery] = [
            """
            INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, area, verdict,
                                 override_reason, override_by, override_at, recorded_by)
            VALUES (\(facts.patient.id), \(facts.formula.code), \(facts.formula.version), \(practitioner), \(at), \(area),
                    \(goAhead.report.verdict.rawValue), \(goAhead.overrideReason)::text,
                    CASE WHEN \(goAhead.overrideReason)::text IS NULL THEN NULL ELSE \(actor) END,
                    CASE WHEN \(goAhead.overrideReason)::text IS NULL THEN NULL ELSE now() END, \(actor))
            RETURNING id, override_at, recorded_at, recorded_login
            """
        ]
        if !findings.isEmpty {
            statements.append(
                """
                INSERT INTO session_finding (session_id, position, severity, rule, match_type, message, compound_code,
                                             group_code, product_code, lot_id, condition_id, overridden)
                SELECT \(sessionID), f.position, f.severity, f.rule, f.match_type, f.message, f.compound_code,
                       f.group_code, f.product_code, f.lot_id, f.condition_id, f.overridden
                  FROM unnest(\(findings.map(\.position)), \(findings.map(\.severity.rawValue)), \(findings.map(\.rule.rawValue)),
                              \(findings.map(\.matchType?.rawValue)), \(findings.map(\.message)), \(findings.map(\.compoundCode)),
                              \(findings.map(\.groupCode)), \(findings.map(\.productCode)), \(findings.map(\.lotID)),
                              \(findings.map(\.conditionID)), \(findings.map(\.overridden)))
                       AS f(position, severity, rule, match_type, message, compound_code, group_code, product_code, lot_id,
                            condition_id, overridden)
                """)
        }
        statements += [
            """
            INSERT INTO session_usage (session_id, patient_id, performed_at, lot_id, volume_ml, waste_ml)
            SELECT \(sessionID), \(facts.patient.id), \(at), u.lot_id, u.volume_ml, u.waste_ml
              FROM unnest(\(draws.map(\.lot.id)), \(draws.map(\.injectedML)), \(draws.map(\.wasteML)))
                   AS u(lot_id, volume_ml, waste_ml)
            """,
            """
            INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor, session_id, patient_id)
            SELECT m.lot_id, m.kind, m.quantity_ml, m.reason, \(actor), \(sessionID), \(facts.patient.id)
              FROM unnest(\(movements.map(\.draw.lot.id)), \(movements.map(\.kind.rawValue)),
                          \(movements.map(\.quantityML)), \(movements.map(\.reason)))
                   WITH ORDINALITY AS m(lot_id, kind, quantity_ml, reason, position)
             ORDER BY m.position
            RETURNING id, lot_id, kind, quantity_ml, balance_after_ml, reason, actor, recorded_at, session_id,
                      patient_id, reverses_id
            """,
        ]
        return statements
    }

    /// The record of the session from the answers to `statements`: no need to read it back.
    func record(from results: [PostgresResult]) throws -> SessionRecord {
        guard let session = results.first?.first, let ledger = results.last else {
            throw MesoError(.internal, "The session just written returned nothing.")
        }
        let id: Int64 = try session.decode("id")
        let overrideAt: Timestamp? = try session.decode("override_at")
        let lots = Dictionary(draws.map { ($0.lot.id, $0.lot) }, uniquingKeysWith: { first, _ in first })
        let products = Dictionary(
            facts.formula.components.map { ($0.productCode, $0.productName) }, uniquingKeysWith: { first, _ in first })
        let entries = try ledger.rows.map { row in
            let lot = try lots[try row.decode("lot_id", as: Int64.self)].orThrow("a ledger row of another lot")
            return LedgerEntry(
                movement: try StockMovement(row: row), productCode: lot.productCode, lotNumber: lot.lotNumber,
                patientMRN: facts.patient.mrn)
        }
        return SessionRecord(
            session: Session(
                id: id, patient: facts.patient, formula: facts.formula, practitioner: practitioner, performedAt: at,
                area: area, verdict: goAhead.report.verdict,
                override: try goAhead.overrideReason.map { reason in
                    Session.Override(reason: reason, by: actor, at: try overrideAt.orThrow("the override's time"))
                },
                recordedAt: try session.decode("recorded_at"), recordedBy: actor,
                recordedLogin: try session.decode("recorded_login")),
            findings: goAhead.findings,
            usage: draws.map { draw in
                SessionUsage(
                    lotID: draw.lot.id, productCode: draw.lot.productCode,
                    productName: products[draw.lot.productCode] ?? draw.lot.productCode, lotNumber: draw.lot.lotNumber,
                    expiry: draw.lot.expiry, volumeML: draw.injectedML, wasteML: draw.wasteML)
            },
            ledger: entries, adverseEvents: [])
    }
}

extension Optional {
    /// The value, or an internal error naming what the database failed to return.
    fileprivate func orThrow(_ what: String) throws -> Wrapped {
        guard let self else { throw MesoError(.internal, "The session just written did not return \(what).") }
        return self
    }
}
