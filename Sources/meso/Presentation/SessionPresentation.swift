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
        row.append("overridden", .boolean(session.override != nil))
        return row
    }

    static func listingNote(count: Int) -> String {
        "\(count) session\(count == 1 ? "" : "s")."
    }

    static func record(_ record: SessionRecord, notes: [String] = []) -> Presentation {
        .document(fields(record.session), tables: tables(record), notes: notes)
    }

    /// After `session record`: the session as written, and one line on what the check concluded.
    static func recorded(_ record: SessionRecord, overrideGiven: Bool) -> Presentation {
        let session = record.session
        let warnings = record.findings.filter { $0.severity == .warn }.count
        let lifted = record.findings.filter(\.overridden).count
        var summary = "Session \(session.id) recorded for \(session.patientMRN): \(session.verdict.rawValue)"
        if lifted > 0 {
            summary += ", \(lifted) block\(lifted == 1 ? "" : "s") lifted by the override of \(session.override?.by ?? "")"
        }
        if warnings > 0 {
            summary += ", \(warnings) warning\(warnings == 1 ? "" : "s") stored with it"
        }
        var notes = [summary + "."]
        if overrideGiven && session.override == nil {
            notes.append("The check blocked nothing, so no override was recorded.")
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

    private static func fields(_ session: Session) -> OutputRecord {
        [
            "session_id": .integer(Int(session.id)), "performed_at": .time(session.performedAt),
            "patient_mrn": .text(session.patientMRN), "patient_name": .text(session.patientName),
            "formula_code": .text(session.formulaCode), "formula_version": .integer(session.formulaVersion),
            "formula_name": .text(session.formulaName), "practitioner": .text(session.practitioner),
            "area": .optional(session.area, OutputValue.text), "status": .text(session.status.rawValue),
            "verdict": .text(session.verdict.rawValue),
            "override_reason": .optional(session.override?.reason, OutputValue.text),
            "override_by": .optional(session.override?.by, OutputValue.text),
            "override_at": .optional(session.override?.at, OutputValue.time),
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
                "message": .text(finding.message), "overridden": .boolean(finding.overridden),
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
            lotsTable(record.usage),
            OutputTable(
                key: "ledger", title: "Ledger",
                columns: ["movement_id", "recorded_at", "product", "lot_number", "kind", "quantity_ml", "balance_ml", "reason"],
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
