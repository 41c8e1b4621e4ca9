import MesoCore

/// How the medication vocabulary looks in every output format.
enum VocabularyPresentation {
    static let columns = ["term", "substance", "class", "washout_days", "language", "recorded_by"]

    static func record(_ entry: VocabularyEntry) -> OutputRecord {
        [
            "term": .text(entry.term.term), "words": .text(entry.term.words), "substance": .text(entry.term.substance),
            "class": .text(entry.term.medicationClass.rawValue), "class_name": .text(entry.term.className),
            "washout_days": .integer(entry.term.washoutDays), "washout_source": .text(entry.washoutSource),
            "language": .optional(entry.language, OutputValue.text), "recorded_at": .time(entry.recordedAt),
            "recorded_by": .text(entry.recordedBy), "recorded_login": .text(entry.recordedLogin),
        ]
    }

    static func listing(_ entries: [VocabularyEntry]) -> Presentation {
        .listing(
            OutputTable(key: "terms", columns: columns, rows: entries.map(record)),
            notes: ["\(entries.count) term\(entries.count == 1 ? "" : "s")."])
    }

    static func added(_ entry: VocabularyEntry) -> Presentation {
        let term = entry.term
        let note =
            term.medicationClass.isBleedingRisk
            ? "The check warns for \(term.term) from now on (\(term.className); a stopped one counts for \(term.washoutDays) days)."
            : "The check no longer asks about \(term.term): no bleeding risk is known."
        return .document(record(entry), notes: ["Added \(term.term) to the medication vocabulary as \(term.substance). \(note)"])
    }
}
