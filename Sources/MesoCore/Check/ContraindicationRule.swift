import PostgresClient

/// Rule 4: conditions under which mesotherapy must not go ahead, as they stood on the session's
/// clinic day.
///
/// A condition counts from its onset (without one, from always: when it began is not known) until
/// the day it ended: a condition ended on the session's day, or begun after it, does not apply, so a
/// back-dated check sees what was true then. Facial surgery is an event dated by the operation: it
/// blocks for 4 calendar months from that day whether or not its record was ended.
///
/// Beyond the usual list of contraindications, pregnancy blocks too: mesotherapy is contraindicated in pregnancy
/// (no safety data for intradermal cocktails, lidocaine and retinoids among them). Conditions of
/// kind "other" are shown as information and never block.
enum ContraindicationRule {
    /// A facial operation blocks for this many calendar months from its date (catalog facts: "a
    /// facial operation, surgical, corrective or cosmetic, less than 4 months before").
    static let monthsAfterFacialSurgery = 4

    static func findings(_ facts: CheckFacts) -> [CheckFinding] {
        let day = facts.sessionDay
        return facts.record.conditions.compactMap { condition in
            let note = condition.note.map { " (\($0))" } ?? ""
            if condition.kind == .facialSurgery {
                // Calendar months that never clamp back: an operation on 31 October clears on 1 March.
                // The day exactly 4 months later is clear; an operation after the session's day is not
                // yet one.
                guard let operated = condition.onset, operated <= day else { return nil }
                let clear = operated.adding(monthsRollingOver: monthsAfterFacialSurgery)
                guard day < clear else { return nil }
                return block(
                    condition,
                    "Facial surgery on \(operated)\(note) is less than \(monthsAfterFacialSurgery) months before the session on \(day): no mesotherapy before \(clear)."
                )
            }
            guard condition.stood(on: day) else { return nil }
            switch condition.kind {
            case .facialSurgery:
                return nil
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
        let ending = condition.endedOn.map { " (recorded as ended on \($0))" } ?? ""
        return CheckFinding(
            severity: .block, rule: .contraindication, message: Message(message + ending), conditionID: condition.id)
    }
}
