import PostgresClient

/// Rule 4: conditions under which mesotherapy must not go ahead.
///
/// Beyond DESIGN.md's list, pregnancy blocks too: mesotherapy is contraindicated in pregnancy
/// (no safety data for intradermal cocktails, lidocaine and retinoids among them). Conditions of
/// kind "other" are shown as information and never block.
enum ContraindicationRule {
    /// A facial operation blocks for this many calendar months from its date.
    static let monthsAfterFacialSurgery = 4

    static func findings(_ facts: CheckFacts, on day: CalendarDate) -> [CheckFinding] {
        facts.record.conditions.compactMap { condition in
            let note = condition.note.map { " (\($0))" } ?? ""
            switch condition.kind {
            case .facialSurgery:
                // Calendar months, clamped at month end as PostgreSQL does: an operation on 31 October
                // clears on 28 February. The day exactly 4 months later is clear.
                guard let operated = condition.onset else { return nil }
                let clear = operated.adding(months: monthsAfterFacialSurgery)
                guard day < clear else { return nil }
                return block(
                    condition,
                    "Facial surgery on \(operated)\(note) is less than \(monthsAfterFacialSurgery) months before the session on \(day): no mesotherapy before \(clear)."
                )
            case .skinDisease:
                return block(condition, "Skin disease\(note): mesotherapy is contraindicated on diseased skin.")
            case .infection:
                return block(condition, "Infection\(note): do not inject while an infection is active.")
            case .inflammation:
                return block(condition, "Inflammation\(note): do not inject while the skin is inflamed.")
            case .pregnancy:
                return block(condition, "Pregnancy\(note): mesotherapy is contraindicated in pregnancy.")
            case .other:
                return CheckFinding(
                    severity: .info, rule: .contraindication, message: "Condition on file\(note.isEmpty ? " (no note)" : note).",
                    conditionID: condition.id)
            }
        }
    }

    private static func block(_ condition: PatientCondition, _ message: String) -> CheckFinding {
        CheckFinding(severity: .block, rule: .contraindication, message: message, conditionID: condition.id)
    }
}
