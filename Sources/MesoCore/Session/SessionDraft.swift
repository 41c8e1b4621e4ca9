#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// The rows one session writes, as the statements of the pipeline that commits them, and the
/// record built from what they return. The overrides' statement is in SessionDraft+Overrides.swift.
///
/// The session goes first, alone: the ledger trigger (Schema/0015, stock_movement_apply) reads
/// its performed_at to judge the lots and vials drawn, and rows written by the same statement would be
/// invisible to it. The later statements name it by `currval` of its id sequence. Findings, usage and
/// ledger rows are each one multi-row INSERT over `unnest` of arrays, whatever the number of rows.
///
/// A usage row per lot carries what the session took from it. Its ledger rows are written through
/// Schema/0015's lot_vial_draws, which takes a multi-dose lot's draw from its open vials in order and
/// then from new ones, on the rows the session's locks hold: the vials the plan showed, by the same
/// rule. The ledger trigger checks each row against that rule, opens the new vials, and the rows
/// returned name the vials drawn.
struct SessionDraft {
    let facts: CheckFacts
    let goAhead: SessionGoAhead
    let practitioner: String
    let area: String?
    let at: Timestamp
    let actor: String
    /// How the stored findings name the inputs they mention.
    let fieldNames: FieldNaming

    /// A lot's ledger rows to write: the volume injected from it (split by vial on the server), or the
    /// opened remainder of single-use vials wasted.
    struct Movement {
        let lot: StockLot
        let kind: StockMovement.Kind
        let quantityML: Decimal
        let reason: String?
    }

    var draws: [LotDraw] { goAhead.plans.flatMap(\.draws) }

    /// What the session took from each lot, in the order first drawn: a usage row each.
    struct LotUse {
        let lot: StockLot
        var injectedML: Decimal
        var wasteML: Decimal
    }

    var uses: [LotUse] {
        var uses: [LotUse] = []
        for draw in draws {
            if let index = uses.firstIndex(where: { $0.lot.id == draw.lot.id }) {
                uses[index].injectedML += draw.injectedML
                uses[index].wasteML += draw.wasteML
            } else {
                uses.append(LotUse(lot: draw.lot, injectedML: draw.injectedML, wasteML: draw.wasteML))
            }
        }
        return uses
    }

    var movements: [Movement] {
        uses.flatMap { use in
            var rows = [Movement(lot: use.lot, kind: .sessionUse, quantityML: -use.injectedML, reason: nil)]
            if use.wasteML > 0 {
                rows.append(
                    Movement(lot: use.lot, kind: .waste, quantityML: -use.wasteML, reason: SessionService.openedVialWasteReason))
            }
            return rows
        }
    }

    /// The statements that write the session, and the record built from what they return: no need
    /// to read it back.
    var writes: Fetch<SessionRecord> {
        let findings = goAhead.findings
        let movements = movements
        let uses = uses
        let sessionID: PostgresQuery = "currval('session_id_seq')"
        return Fetch.all(
            Fetch(
                """
                INSERT INTO session (patient_id, formula_code, formula_version, practitioner, performed_at, area, verdict,
                                     recorded_by)
                VALUES (\(facts.patient.id), \(facts.formula.code), \(facts.formula.version), \(practitioner), \(at), \(area),
                        \(goAhead.report.verdict.rawValue), \(actor))
                RETURNING id, recorded_at, recorded_login
                """
            ) { result in
                guard let row = result.first else { throw MesoError(.internal, "The session just written returned nothing.") }
                return row
            },
            Fetch.ifAny(
                findings.isEmpty
                    ? nil
                    : .effect(
                        """
                        INSERT INTO session_finding (session_id, position, severity, rule, match_type, message, compound_code,
                                                     group_code, product_code, lot_id, condition_id, overridden)
                        SELECT \(sessionID), f.position, f.severity, f.rule, f.match_type, f.message, f.compound_code,
                               f.group_code, f.product_code, f.lot_id, f.condition_id, f.overridden
                          FROM unnest(\(findings.map(\.position)), \(findings.map(\.severity.rawValue)), \(findings.map(\.rule.rawValue)),
                                      \(findings.map(\.matchType?.rawValue)), \(findings.map { $0.message.rendered(naming: fieldNames) }), \(findings.map(\.compoundCode)),
                                      \(findings.map(\.groupCode)), \(findings.map(\.productCode)), \(findings.map(\.lotID)),
                                      \(findings.map(\.conditionID)), \(findings.map(\.overridden)))
                               AS f(position, severity, rule, match_type, message, compound_code, group_code, product_code, lot_id,
                                    condition_id, overridden)
                        """)),
            writeOverrides,
            Fetch.effect(
                """
                INSERT INTO session_usage (session_id, patient_id, performed_at, lot_id, volume_ml, waste_ml)
                SELECT \(sessionID), \(facts.patient.id), \(at), u.lot_id, u.volume_ml, u.waste_ml
                  FROM unnest(\(uses.map(\.lot.id)), \(uses.map(\.injectedML)), \(uses.map(\.wasteML)))
                       AS u(lot_id, volume_ml, waste_ml)
                """),
            Fetch(
                """
                INSERT INTO stock_movement (lot_id, kind, quantity_ml, reason, actor, session_id, patient_id, vial_id)
                SELECT m.lot_id, m.kind, d.quantity_ml, m.reason, \(actor), \(sessionID), \(facts.patient.id), d.vial_id
                  FROM unnest(\(movements.map(\.lot.id)), \(movements.map(\.kind.rawValue)),
                              \(movements.map(\.quantityML)), \(movements.map(\.reason)))
                       WITH ORDINALITY AS m(lot_id, kind, quantity_ml, reason, position)
                 CROSS JOIN LATERAL public.lot_vial_draws(m.lot_id, m.kind, m.quantity_ml, \(at)) WITH ORDINALITY AS d(vial_id, quantity_ml, part)
                 ORDER BY m.position, d.part
                RETURNING \(unsafeRaw: StockMovement.columns)
                """
            ) { $0 }
        ).map { session, _, overrides, _, ledger in
            try record(session: session, overrides: overrides, ledger: ledger)
        }
    }

    /// The record of the session from its row and its ledger rows as written.
    private func record(session: PostgresRow, overrides: [SessionOverride], ledger: PostgresResult) throws -> SessionRecord {
        let id: Int64 = try session.decode("id")
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
                area: area, verdict: goAhead.report.verdict, overrides: overrides,
                recordedAt: try session.decode("recorded_at"), recordedBy: actor,
                recordedLogin: try session.decode("recorded_login")),
            findings: goAhead.findings,
            usage: uses.map { use in
                SessionUsage(
                    lotID: use.lot.id, productCode: use.lot.productCode,
                    productName: products[use.lot.productCode] ?? use.lot.productCode, lotNumber: use.lot.lotNumber,
                    expiry: use.lot.expiry, volumeML: use.injectedML, wasteML: use.wasteML)
            },
            ledger: entries, adverseEvents: [], unusedOverrides: goAhead.unusedOverrides)
    }
}

extension Optional {
    /// The value, or an internal error naming what the database failed to return.
    func orThrow(_ what: String) throws -> Wrapped {
        guard let self else { throw MesoError(.internal, "The session just written did not return \(what).") }
        return self
    }
}
