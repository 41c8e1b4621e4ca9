import MesoCore

/// The pre-session check for a practitioner who has five seconds: the verdict and what it means
/// first, then one line per finding (blocks, then warnings), then the lots to take.
enum CheckPresentation {
    static func report(_ outcome: CheckOutcome) -> Presentation {
        let report = outcome.report
        let facts = outcome.facts
        let fields: OutputRecord = [
            "verdict": .text(report.verdict.rawValue),
            "summary": .text(summary(report)),
            "patient_mrn": .text(facts.patient.mrn),
            "patient_name": .text(facts.patient.name),
            "weight_kg": .optional(facts.patient.weightKG) { .decimal($0, scale: 1) },
            "allergy_assessment": .text(facts.patient.allergyAssessment.rawValue),
            "formula_code": .text(facts.formula.code),
            "formula_version": .integer(facts.formula.version),
            "formula_name": .text(facts.formula.name),
            "session_at": .time(report.sessionAt),
            // Only a block is overridden; for PASS and WARN the question does not arise.
            "overridable": report.verdict == .block ? .boolean(report.overridable) : .null,
        ]
        let findings = report.findings.map { finding in
            [
                "severity": .text(finding.severity.rawValue), "rule": .text(finding.rule.rawValue),
                "match_type": .optional(finding.matchType) { .text($0.rawValue) }, "message": .text(finding.message.text),
                "compound": .optional(finding.compoundCode, OutputValue.text),
                "group": .optional(finding.groupCode, OutputValue.text),
                "product": .optional(finding.productCode, OutputValue.text),
                "lot_id": .optional(finding.lotID) { .integer(Int($0)) },
                "lot_number": .optional(finding.lotNumber, OutputValue.text),
                "condition_id": .optional(finding.conditionID) { .integer(Int($0)) },
                "medication": .optional(finding.medication, OutputValue.text),
                "overridable": .boolean(finding.overridable),
            ] as OutputRecord
        }
        var plan: [OutputRecord] = []
        for component in report.lotPlan {
            for draw in component.draws {
                plan.append(
                    [
                        "product": .text(component.productCode), "lot_id": .integer(Int(draw.lot.id)),
                        "lot_number": .text(draw.lot.lotNumber), "expiry": .date(draw.lot.expiry),
                    ] + vialFields(draw.vial)
                        + [
                            "draw_ml": .quantity(draw.drawnML), "inject_ml": .quantity(draw.injectedML),
                            "waste_ml": .quantity(draw.wasteML), "short_ml": .null,
                        ])
            }
            if !component.isComplete {
                plan.append([
                    "product": .text(component.productCode), "lot_id": .null, "lot_number": .null, "expiry": .null,
                    "vial": .null, "vial_id": .null, "beyond_use_day": .null, "draw_ml": .null, "inject_ml": .null, "waste_ml": .null, "short_ml": .quantity(component.shortfallML),
                ])
            }
        }
        let shortColumn = report.lotPlan.contains { !$0.isComplete } ? ["short_ml"] : []
        var presentation = Presentation.document(
            fields,
            tables: [
                OutputTable(
                    key: "findings", title: "Findings", columns: ["severity", "rule", "match_type", "message"],
                    rows: findings),
                OutputTable(
                    key: "lot_plan", title: "Lot plan (open vials first, then first expiry first out)",
                    columns: ["product", "lot_number", "expiry", "vial", "draw_ml", "inject_ml", "waste_ml"] + shortColumn,
                    rows: plan),
            ])
        presentation.csv = csv(fields, findings: findings, plan: plan)
        return presentation
    }

    /// The check as one CSV table: a `verdict` row (the verdict, the summary as its message, the
    /// patient, the formula and the time), then a `finding` row per finding, then a `lot_plan` row
    /// per draw, each section's columns filled and the others empty.
    static func csv(_ fields: OutputRecord, findings: [OutputRecord], plan: [OutputRecord]) -> OutputTable {
        var verdict = fields
        verdict.append("section", .text("verdict"))
        verdict.append("message", fields["summary"] ?? .null)
        let rows =
            [verdict] + findings.map { $0 + ["section": .text("finding")] } + plan.map { $0 + ["section": .text("lot_plan")] }
        return OutputTable(
            key: "check",
            columns: [
                "section", "verdict", "patient_mrn", "formula_code", "formula_version", "session_at", "severity", "rule",
                "match_type", "message", "product", "lot_number", "expiry", "vial", "draw_ml", "inject_ml", "waste_ml",
                "short_ml",
            ],
            rows: rows)
    }

    /// Which vial a draw takes from: `open 12 (until 2026-12-20)`, `new`, or `2 whole` single-use vials;
    /// JSON adds the open vial's id and beyond-use day.
    static func vialFields(_ vial: DrawnVial) -> OutputRecord {
        switch vial {
        case .open(let open):
            return [
                "vial": .text("open \(open.id) (until \(open.beyondUseDay))"), "vial_id": .integer(Int(open.id)),
                "beyond_use_day": .date(open.beyondUseDay),
            ]
        case .new:
            return ["vial": .text("new"), "vial_id": .null, "beyond_use_day": .null]
        case .whole(let count):
            return ["vial": .text("\(count) whole"), "vial_id": .null, "beyond_use_day": .null]
        }
    }

    /// What the verdict means, in one line.
    static func summary(_ report: CheckReport) -> String {
        let blocks = report.blocks.count
        let warnings = report.warnings.count
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        switch report.verdict {
        case .pass:
            return "Nothing stops this session."
        case .warn:
            return "\(count(warnings, "warning")): the session may go ahead once each is considered."
        case .block:
            let lift =
                report.overridable
                ? "only a recorded override can lift the blocks"
                : "stock is short and no override can lift that"
            let and = warnings == 0 ? "" : " and \(count(warnings, "warning"))"
            return "\(count(blocks, "block"))\(and): do not inject; \(lift)."
        }
    }
}
