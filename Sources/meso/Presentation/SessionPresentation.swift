import MesoCore

/// Sessions in every output format: the register of sessions, and one session with its findings,
/// lots, ledger rows and adverse events.
enum SessionPresentation {
    /// `session list`'s columns.
    static let listingColumns = [
        "session_id", "performed_at", "patient_mrn", "patient_name", "formula_code", "formula_version", "practitioner",
        "area", "verdict", "overridden", "status",
    ]

    static func listingRow(_ session: Session) -> OutputRecord {
        var row = fields(session)
        row.append("overridden", .text(session.overrides.map(\.rule.rawValue).joined(separator: ", ")))
        row.append("overrides", .list(session.overrides.map { .record(overrideRecord($0)) }))
        return row
    }

    /// One override as every format shows it.
    static func overrideRecord(_ override: SessionOverride) -> OutputRecord {
        [
            "rule": .text(override.rule.rawValue), "reason": .text(override.reason), "actor": .text(override.actor),
            "login": .text(override.login), "at": .time(override.at),
            "lifted": .list(override.liftedPositions.map { .integer($0) }),
        ]
    }

    static func listingNote(count: Int) -> String {
        "\(count) session\(count == 1 ? "" : "s")."
    }

    static func record(_ record: SessionRecord, notes: [String] = []) -> Presentation {
        .document(fields(record.session), tables: tables(record), notes: notes)
    }

    /// After `session record`: the session as written, and one line on what the check concluded.
    static func recorded(_ record: SessionRecord, unusedOverrides: [OverrideRequest]) -> Presentation {
        let session = record.session
        let warnings = record.findings.filter { $0.severity == .warn }.count
        let lifted = record.findings.filter(\.overridden).count
        var summary = "Session \(session.id) recorded for \(session.patientMRN): \(session.verdict.rawValue)"
        if lifted > 0 {
            let rules = session.overrides.map(\.rule.rawValue).joined(separator: ", ")
            let by = Set(session.overrides.map(\.actor)).sorted().joined(separator: ", ")
            summary += ", \(lifted) block\(lifted == 1 ? "" : "s") lifted by the override\(session.overrides.count == 1 ? "" : "s") of \(rules) given by \(by)"
        }
        if warnings > 0 {
            summary += ", \(warnings) warning\(warnings == 1 ? "" : "s") stored with it"
        }
        var notes = [summary + "."]
        for unused in unusedOverrides {
            notes.append("The check found no \(unused.rule.rawValue) block, so the override of \(unused.rule.rawValue) was not recorded.")
        }
        return Self.record(record, notes: notes)
    }

    static func adverseEvent(_ recorded: RecordedAdverseEvent) -> Presentation {
        let event = recorded.event
        let session = recorded.session.session
        let fields: OutputRecord = [
            "adverse_event_id": .integer(Int(event.id)), "session_id": .integer(Int(session.id)),
            "patient_mrn": .text(session.patientMRN), "patient_name": .text(session.patientName),
            "performed_at": .time(session.performedAt), "kind": .text(event.kind.rawValue),
            "severity": .text(event.severity.rawValue), "note": .optional(event.note, OutputValue.text),
            "recorded_at": .time(event.recordedAt), "recorded_by": .text(event.recordedBy),
        ]
        let lots = recorded.session.usage.map { "\($0.lotNumber) of \($0.productCode)" }.joined(separator: ", ")
        return .document(
            fields, tables: [lotsTable(recorded.session.usage)],
            notes: ["Adverse event recorded against session \(session.id), and so against its lots: \(lots)."])
    }

    static func assessment(_ assessment: AdverseEventAssessment, event: AdverseEvent) -> Presentation {
        let found: String
        var allergyID: Int64?
        switch assessment.finding {
        case .allergy(let id):
            found = "the allergy recorded as \(id)"
            allergyID = id
        case .notAllergic:
            found = "not an allergy"
        }
        let fields: OutputRecord = [
            "assessment_id": .integer(Int(assessment.id)), "adverse_event_id": .integer(Int(event.id)),
            "session_id": .integer(Int(event.sessionID)), "kind": .text(event.kind.rawValue),
            "severity": .text(event.severity.rawValue),
            "finding": .text(allergyID == nil ? "not-allergic" : "allergy"),
            "allergy_id": .optional(allergyID) { .integer(Int($0)) },
            "reason": .text(assessment.reason), "recorded_at": .time(assessment.recordedAt),
            "recorded_by": .text(assessment.recordedBy), "recorded_login": .text(assessment.recordedLogin),
        ]
        return .document(
            fields,
            notes: [
                "Adverse event \(event.id) after session \(event.sessionID) assessed as \(found); it no longer blocks later sessions."
            ])
    }

    private static func fields(_ session: Session) -> OutputRecord {
        [
            "session_id": .integer(Int(session.id)), "performed_at": .time(session.performedAt),
            "patient_mrn": .text(session.patientMRN), "patient_name": .text(session.patientName),
            "formula_code": .text(session.formulaCode), "formula_version": .integer(session.formulaVersion),
            "formula_name": .text(session.formulaName), "practitioner": .text(session.practitioner),
            "area": .optional(session.area, OutputValue.text), "status": .text(session.status.rawValue),
            "verdict": .text(session.verdict.rawValue),
            "cancelled_at": .optional(session.cancellation?.at, OutputValue.time),
            "cancelled_by": .optional(session.cancellation?.by, OutputValue.text),
            "cancel_reason": .optional(session.cancellation?.reason, OutputValue.text),
            "cancelled_login": .optional(session.cancellation?.login, OutputValue.text),
            "recorded_at": .time(session.recordedAt), "recorded_by": .text(session.recordedBy),
            "recorded_login": .text(session.recordedLogin),
        ]
    }

    private static func tables(_ record: SessionRecord) -> [OutputTable] {
        let findings = record.findings.map { finding in
            [
                "position": .integer(finding.position), "severity": .text(finding.severity.rawValue),
                "rule": .text(finding.rule.rawValue), "match_type": .optional(finding.matchType) { .text($0.rawValue) },
                "message": .text(finding.message.text), "overridden": .boolean(finding.overridden),
                "compound": .optional(finding.compoundCode, OutputValue.text),
                "group": .optional(finding.groupCode, OutputValue.text),
                "product": .optional(finding.productCode, OutputValue.text),
                "lot_id": .optional(finding.lotID) { .integer(Int($0)) },
                "condition_id": .optional(finding.conditionID) { .integer(Int($0)) },
            ] as OutputRecord
        }
        let events = record.adverseEvents.map { event in
            [
                "adverse_event_id": .integer(Int(event.id)), "recorded_at": .time(event.recordedAt),
                "kind": .text(event.kind.rawValue), "severity": .text(event.severity.rawValue),
                "note": .optional(event.note, OutputValue.text), "recorded_by": .text(event.recordedBy),
            ] as OutputRecord
        }
        return [
            OutputTable(
                key: "findings", title: "Findings", columns: ["severity", "rule", "match_type", "message", "overridden"],
                rows: findings),
            OutputTable(
                key: "overrides", title: "Overrides", columns: ["rule", "reason", "actor", "login", "at", "lifted"],
                rows: record.session.overrides.map(overrideRecord)),
            lotsTable(record.usage),
            OutputTable(
                key: "ledger", title: "Ledger",
                columns: [
                    "movement_id", "recorded_at", "product", "lot_number", "kind", "quantity_ml", "balance_ml", "vial_id", "reason",
                ],
                // The rows `audit ledger` prints.
                rows: Presentation.ledger(record.ledger).tables.first?.rows ?? []),
            OutputTable(
                key: "adverse_events", title: "Adverse events",
                columns: ["recorded_at", "kind", "severity", "note", "recorded_by"], rows: events),
        ]
    }

    private static func lotsTable(_ usage: [SessionUsage]) -> OutputTable {
        OutputTable(
            key: "lots", title: "Lots used",
            columns: ["product", "lot_number", "expiry", "volume_ml", "waste_ml"],
            rows: usage.map { lot in
                [
                    "product": .text(lot.productCode), "product_name": .text(lot.productName),
                    "lot_id": .integer(Int(lot.lotID)), "lot_number": .text(lot.lotNumber), "expiry": .date(lot.expiry),
                    "volume_ml": .quantity(lot.volumeML), "waste_ml": .quantity(lot.wasteML),
                ]
            })
    }
}
