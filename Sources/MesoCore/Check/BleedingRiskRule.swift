/// Rule 5: medicines and supplements that make bruising more likely warn (never block: the
/// practitioner decides, and prescribed anticoagulants are never stopped by the clinic).
enum BleedingRiskRule {
    static func findings(_ facts: CheckFacts) -> [CheckFinding] {
        facts.record.medications.compactMap { medication in
            guard let agent = BleedingRiskVocabulary.match(medication.name) else { return nil }
            let what = medication.name.lowercased() == agent.name.lowercased() ? agent.name : "\(medication.name) (\(agent.name))"
            let kind = agent.kind == .nsaid && agent.name != "an NSAID" ? ", an NSAID," : ""
            return CheckFinding(
                severity: .warn, rule: .bleedingRisk,
                message: "Bleeding risk: \(what)\(kind) makes bruising more likely; \(agent.advice).",
                medication: medication.name)
        }
    }
}
