import PostgresClient

/// Rule 6: medicines and supplements that make bruising more likely warn (never block: the
/// practitioner decides, and prescribed anticoagulants are never stopped by the clinic).
///
/// Each record is read against the vocabulary (`MedicationMatcher`): a name in a bleeding-risk class
/// warns unless the record says it is absent; written as a form applied to the skin it is information
/// only. A stopped medication counts through its washout: stopped on day S with a washout of W days,
/// it counts for sessions up to and including day S + W (the clinic's days) and is silent from the day
/// after. A record the vocabulary cannot vouch for (it names nothing known, or holds an unknown word)
/// is information, never a silent pass; an empty vocabulary warns for every record.
enum BleedingRiskRule {
    static func findings(_ facts: CheckFacts) -> [CheckFinding] {
        facts.record.medications.flatMap { findings($0, facts.bleedingRisk, on: facts.sessionDay) }
    }

    static func findings(_ medication: PatientMedication, _ facts: BleedingRiskFacts, on day: CalendarDate)
        -> [CheckFinding]
    {
        let name = medication.name
        if facts.vocabularyIsEmpty {
            return [
                finding(
                    .warn, medication,
                    "Bleeding risk not checked: the medication vocabulary is empty (meso db seed loads it), so \(name) could not be read; ask about anticoagulants, antiplatelets, NSAIDs and supplements.")
            ]
        }
        guard let words = medication.words else {
            return [
                finding(
                    .warn, medication,
                    "Bleeding risk not checked: \(name) was not read in the vocabulary's form; ask about anticoagulants, antiplatelets, NSAIDs and supplements.")
            ]
        }
        let reading = MedicationMatcher.read(words, in: facts.vocabulary)
        var found: [CheckFinding] = []
        var substances: Set<String> = []
        let risks = reading.risks.filter { counts(medication, washoutDays: $0.term.washoutDays, on: day) }
        for mention in risks.filter({ !$0.topical }) where substances.insert(mention.term.substance).inserted {
            found.append(finding(.warn, medication, Message(warning(mention.term, medication, on: day))))
        }
        for mention in risks.filter(\.topical) where substances.insert(mention.term.substance).inserted {
            let term = mention.term
            found.append(
                finding(
                    .info, medication,
                    "\(name) (\(term.substance); \(term.className)) is written as a form applied to the skin, which adds little bleeding risk: no warning."
                ))
        }
        if !found.contains(where: { $0.severity == .warn }), reading.needsChecking,
            counts(medication, washoutDays: facts.longestWashoutDays, on: day)
        {
            let what =
                reading.mentions.isEmpty || reading.unknownWords.isEmpty
                ? name : "\(name): \(reading.unknownWords.joined(separator: ", "))"
            let stopped = medication.stop.map { " (stopped on \($0.stoppedOn))" } ?? ""
            found.append(
                finding(
                    .info, medication,
                    "\(what)\(stopped) is not in the medication vocabulary: check it for bleeding risk (the pharmacist adds it with meso vocabulary add)."
                ))
        }
        return found
    }

    /// Whether a medication counts on the session's day: taken, stopped on or after that day, or
    /// stopped no more than its washout before it.
    static func counts(_ medication: PatientMedication, washoutDays: Int, on day: CalendarDate) -> Bool {
        guard let stop = medication.stop else { return true }
        return day <= stop.stoppedOn.adding(days: washoutDays)
    }

    private static func warning(_ term: VocabularyTerm, _ medication: PatientMedication, on day: CalendarDate) -> String {
        let what = "\(medication.name) (\(term.substance); \(term.className))"
        guard let stop = medication.stop?.stoppedOn else {
            return "Bleeding risk: \(what) makes bruising more likely; \(term.advice)."
        }
        if day < stop {
            return "Bleeding risk: \(what), stopped on \(stop), was still taken on \(day) and makes bruising more likely; \(term.advice)."
        }
        return
            "Bleeding risk: \(what) was stopped on \(stop) and still counts through \(stop.adding(days: term.washoutDays)), the end of its \(term.washoutDays)-day washout; \(term.advice)."
    }

    private static func finding(_ severity: CheckFinding.Severity, _ medication: PatientMedication, _ message: Message)
        -> CheckFinding
    {
        CheckFinding(severity: severity, rule: .bleedingRisk, message: message, medication: medication.name)
    }
}
