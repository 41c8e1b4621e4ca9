import Foundation
import MesoCore
import PostgresClient

/// The loader's session-side tables: sessions with their findings, usage, the lot trace and the
/// ledger.
extension HistoryLoader {
    func loadSessions(_ connection: PostgresConnection) throws -> [String: Int] {
        var performed = TimestampText()
        var recorded = TimestampText()
        var counts = try copy(
            connection, "session",
            [
                "patient_id", "formula_code", "formula_version", "practitioner", "performed_at", "area", "status", "verdict",
                "cancelled_at", "cancelled_by", "cancel_reason", "recorded_at", "recorded_by",
            ]
        ) { rows in
            for (index, session) in history.sessions.enumerated() {
                let patient = patients[Int(session.patient)]
                let formula = catalog.formulas[Int(session.formula)]
                let findings = patient.findingsByFormula[Int(session.formula)] ?? []
                let practitioner = ClinicVocabulary.practitioners[Int(session.practitioner)]
                let cancelled = session.cancelledAt != 0
                try rows.append([
                    String(patient.id), formula.code, String(formula.version), practitioner, performed(session.performedAt),
                    ClinicVocabulary.areas[Int(session.area)].0, cancelled ? "cancelled" : "performed",
                    findings.contains { $0.severity == .warn } ? "WARN" : "PASS",
                    cancelled ? CopyText.timestamp(session.cancelledAt) : nil, cancelled ? practitioner : nil,
                    cancelled ? ClinicVocabulary.cancelReasons[Int(session.cancelReason)] : nil, recorded(session.recordedAt),
                    practitioner,
                ])
                if index % 20_000 == 0 { progress.advance("session", by: 20_000) }
            }
        }
        counts.merge(
            try copy(
                connection, "session_finding",
                [
                    "session_id", "position", "severity", "rule", "match_type", "message", "compound_code", "group_code",
                    "product_code", "lot_id", "condition_id", "overridden",
                ]
            ) { rows in
                for (index, session) in history.sessions.enumerated() {
                    let findings = patients[Int(session.patient)].findingsByFormula[Int(session.formula)] ?? []
                    for (position, finding) in findings.enumerated() {
                        try rows.append([
                            String(index + 1), String(position + 1), finding.severity.rawValue, finding.rule.rawValue,
                            finding.matchType?.rawValue, finding.message.rendered(naming: { "--" + $0.rawValue }), finding.compoundCode, finding.groupCode,
                            finding.productCode, nil, nil, "f",
                        ])
                    }
                }
            }, uniquingKeysWith: +)
        counts.merge(
            try copy(connection, "adverse_event", ["session_id", "kind", "severity", "note", "recorded_at", "recorded_by"]) {
                rows in
                for event in history.adverseEvents {
                    let session = history.sessions[Int(event.session)]
                    try rows.append([
                        String(event.session + 1), ClinicVocabulary.adverseEvents[Int(event.kind)].0,
                        ["mild", "moderate", "severe"][Int(event.severity)], nil, CopyText.timestamp(event.recordedAt),
                        ClinicVocabulary.practitioners[Int(session.practitioner)],
                    ])
                }
            }, uniquingKeysWith: +)
        counts.merge(try loadAssessments(connection), uniquingKeysWith: +)
        return counts
    }

    func loadUsage(_ connection: PostgresConnection) throws -> [String: Int] {
        var performed = TimestampText()
        return try copy(
            connection, "session_usage", ["session_id", "patient_id", "performed_at", "lot_id", "volume_ml", "waste_ml"]
        ) { rows in
            for (index, usage) in history.usage.enumerated() {
                let session = history.sessions[Int(usage.session)]
                try rows.append([
                    String(usage.session + 1), String(patients[Int(session.patient)].id), performed(session.performedAt),
                    String(usage.lot + 1), CopyText.milli(Int64(usage.volumeMilli)), CopyText.milli(Int64(usage.wasteMilli)),
                ])
                if index % 20_000 == 0 { progress.advance("session_usage", by: 20_000) }
            }
        }
    }

    /// What the lot trace's triggers would have written for each usage row (Schema/0008): the
    /// import skips them, and `verify` compares the two afterwards (rule lot-trace).
    func loadLotTrace(_ connection: PostgresConnection) throws -> [String: Int] {
        var performed = TimestampText()
        var eventsBySession = [Int32](repeating: 0, count: history.sessions.count)
        for event in history.adverseEvents { eventsBySession[Int(event.session)] += 1 }
        return try copy(
            connection, "lot_trace",
            [
                "session_id", "lot_id", "performed_at", "patient_id", "volume_ml", "waste_ml", "practitioner", "formula_code",
                "formula_version", "area", "patient_mrn", "patient_name", "patient_birth_date", "cancelled", "adverse_events",
            ]
        ) { rows in
            for usage in history.usage {
                let session = history.sessions[Int(usage.session)]
                let patient = patients[Int(session.patient)]
                let formula = catalog.formulas[Int(session.formula)]
                try rows.append([
                    String(usage.session + 1), String(usage.lot + 1), performed(session.performedAt), String(patient.id),
                    CopyText.milli(Int64(usage.volumeMilli)), CopyText.milli(Int64(usage.wasteMilli)),
                    ClinicVocabulary.practitioners[Int(session.practitioner)], formula.code, String(formula.version),
                    ClinicVocabulary.areas[Int(session.area)].0, patient.mrn, patient.name, patient.birthDate.description,
                    session.cancelledAt != 0 ? "t" : "f", String(eventsBySession[Int(usage.session)]),
                ])
            }
        }
    }

    func loadLedger(_ connection: PostgresConnection) throws -> [String: Int] {
        var recorded = TimestampText()
        var balances = [Int64](repeating: 0, count: history.lots.count)
        return try copy(
            connection, "stock_movement",
            [
                "lot_id", "kind", "quantity_ml", "balance_after_ml", "reason", "actor", "recorded_at", "session_id",
                "patient_id", "reverses_id", "vial_id",
            ]
        ) { rows in
            for (index, movement) in history.ledger.enumerated() {
                balances[Int(movement.lot)] += movement.quantityMilli
                let session = movement.session >= 0 ? history.sessions[Int(movement.session)] : nil
                try rows.append([
                    String(movement.lot + 1), movement.kind.name, CopyText.milli(movement.quantityMilli),
                    CopyText.milli(balances[Int(movement.lot)]),
                    movement.reason == 0 ? nil : history.reasons[Int(movement.reason)],
                    history.actors[Int(movement.actor)], recorded(movement.recordedAt),
                    session.map { _ in String(movement.session + 1) }, session.map { String(patients[Int($0.patient)].id) },
                    movement.reverses >= 0 ? String(movement.reverses + 1) : nil,
                    movement.vial >= 0 ? String(movement.vial + 1) : nil,
                ])
                if index % 20_000 == 0 { progress.advance("stock_movement", by: 20_000) }
            }
        }
    }
}
