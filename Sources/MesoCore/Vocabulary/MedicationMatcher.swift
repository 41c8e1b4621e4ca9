/// Reads a medication record, in the database's normal form, against the vocabulary: whole words
/// only (several words for a term of several words), Arabic clitics and Latin plurals and final e
/// taken into account (`WordForms`), negations and topical forms recognised (`MedicationPhrases`).
public enum MedicationMatcher {
    public static func read(_ words: String, in vocabulary: MedicationVocabulary) -> MedicationReading {
        let tokens = words.split(separator: " ")
        let forms = tokens.map(WordForms.forms)
        let matches = chosen(
            tokens.indices.flatMap { vocabulary.matches(at: $0, in: forms) })
        var covered = [Bool](repeating: false, count: tokens.count)
        for match in matches { for index in match.start..<match.end { covered[index] = true } }

        var mentions: [MedicationReading.Mention] = []
        for (position, match) in matches.enumerated() {
            let previous = position > 0 ? (match: matches[position - 1], negated: mentions[position - 1].negated) : nil
            mentions.append(
                MedicationReading.Mention(
                    term: match.term,
                    negated: isNegated(match, previous: previous, tokens: tokens, forms: forms),
                    topical: isTopical(match, tokens: tokens, forms: forms, covered: covered)))
        }
        var unknown: [String] = []
        for (index, token) in tokens.enumerated() where !covered[index] {
            guard !MedicationPhrases.contains(MedicationPhrases.ignorable, forms[index], word: token),
                !MedicationPhrases.isQuantity(token)
            else { continue }
            if !unknown.contains(String(token)) { unknown.append(String(token)) }
        }
        return MedicationReading(mentions: mentions, unknownWords: unknown)
    }

    /// The matches kept: where two overlap, the longer (then the one matched as written, then the
    /// one with a bleeding risk) wins; in the order written.
    private static func chosen(_ matches: [MedicationVocabulary.Match]) -> [MedicationVocabulary.Match] {
        let ranked = matches.sorted { left, right in
            let leftKey = (left.end - left.start, left.exact ? 1 : 0, left.term.medicationClass.isBleedingRisk ? 1 : 0)
            let rightKey = (right.end - right.start, right.exact ? 1 : 0, right.term.medicationClass.isBleedingRisk ? 1 : 0)
            if leftKey != rightKey { return leftKey > rightKey }
            return left.start < right.start
        }
        var kept: [MedicationVocabulary.Match] = []
        for match in ranked where !kept.contains(where: { $0.start < match.end && match.start < $0.end }) {
            kept.append(match)
        }
        return kept.sorted { $0.start < $1.start }
    }

    /// Said to be absent: a negation before the name (at most two filler words between), "free"
    /// right after it, or a coordinator ("or", "ni") after a name that was itself negated.
    private static func isNegated(
        _ match: MedicationVocabulary.Match, previous: (match: MedicationVocabulary.Match, negated: Bool)?,
        tokens: [Substring], forms: [[WordForms.Form]]
    ) -> Bool {
        if match.end < tokens.count, MedicationPhrases.negatorsAfter.contains(tokens[match.end]) { return true }
        if match.start >= 2, MedicationPhrases.negatorPairs.contains(where: { $0 == (tokens[match.start - 2], tokens[match.start - 1]) }) {
            return true
        }
        var index = match.start - 1
        var skipped = 0
        while index >= 0, skipped < 2, MedicationPhrases.fillers.contains(tokens[index]) {
            index -= 1
            skipped += 1
        }
        guard index >= 0 else { return false }
        if MedicationPhrases.contains(MedicationPhrases.negators, forms[index], word: tokens[index]) { return true }
        if index >= 1, MedicationPhrases.negatorPairs.contains(where: { $0 == (tokens[index - 1], tokens[index]) }) {
            return true
        }
        if MedicationPhrases.coordinators.contains(tokens[index]), let previous, previous.negated,
            previous.match.end == index
        {
            return true
        }
        return false
    }

    /// Named with a form applied to the skin, and with no form taken by mouth or injected: a form
    /// word in the three words after the name (before the next item of a list or the next name), or
    /// right before it ("gel d'ibuprofène", "كريم فولتارين") when the name does not start a new item
    /// ("جل فولتارين ونوروفين": Nurofen is not the gel).
    private static func isTopical(
        _ match: MedicationVocabulary.Match, tokens: [Substring], forms: [[WordForms.Form]], covered: [Bool]
    ) -> Bool {
        var topical = false
        var systemic = false
        func look(at index: Int) {
            if MedicationPhrases.contains(MedicationPhrases.topicalForms, forms[index], word: tokens[index]) { topical = true }
            if MedicationPhrases.contains(MedicationPhrases.systemicForms, forms[index], word: tokens[index]) { systemic = true }
        }
        var index = match.end
        while index < min(tokens.count, match.end + 3), !covered[index], !MedicationPhrases.itemBreaks.contains(tokens[index]) {
            look(at: index)
            index += 1
        }
        if !match.conjunction {
            var before = match.start - 1
            var skipped = 0
            while before >= 0, skipped < 2, MedicationPhrases.fillers.contains(tokens[before]) {
                before -= 1
                skipped += 1
            }
            // A form word right after another name belongs to that name ("Voltaren gel ibuprofen").
            if before >= 0, !covered[before], before == 0 || !covered[before - 1] { look(at: before) }
        }
        return topical && !systemic
    }
}
