/// The forms under which a word of a medication record may name a word of the vocabulary. Both
/// come in the database's normal form (`meso_medication_words`: lower case, no diacritics, Arabic
/// letter variants folded); what is left is the grammar of the languages clinics write in:
/// - Arabic attaches clitics to the word: the conjunctions و and ف, the prepositions ب, ك and ل, and
///   the article ال ("والأسبرين", "and the aspirin"; ل with the article is written لل). A word stands
///   for itself and for each of these prefixes taken off, as long as two letters remain.
/// - French writes most substances with a final e (warfarine, ibuprofène) and both languages add a
///   plural s: a Latin word of five letters or more is compared without a final s, then a final e.
enum WordForms {
    /// One reading of a written word.
    struct Form: Hashable {
        let text: Substring
        /// A conjunction (و or ف) was taken off: the word starts a new item ("and ...").
        let conjunction: Bool
        /// Anything was taken off (a clitic, or a plural or final e).
        let shortened: Bool
    }

    /// The readings of a written word, the word itself first.
    static func forms(_ word: Substring) -> [Form] {
        guard isArabic(word) else {
            let stemmed = stem(word)
            return [Form(text: stemmed, conjunction: false, shortened: stemmed.count != word.count)]
        }
        var forms = [Form(text: word, conjunction: false, shortened: false)]
        func add(_ text: Substring, conjunction: Bool) {
            guard text.count >= 2, !forms.contains(where: { $0.text == text }) else { return }
            forms.append(Form(text: text, conjunction: conjunction, shortened: true))
        }
        var bases: [(Substring, Bool)] = [(word, false)]
        if let first = word.first, first == "و" || first == "ف" {
            add(word.dropFirst(), conjunction: true)
            if word.count > 3 { bases.append((word.dropFirst(), true)) }
        }
        for (base, conjunction) in bases {
            if base.hasPrefix("ال") { add(base.dropFirst(2), conjunction: conjunction) }
            // ل before the article drops the article's alef: للأسبرين.
            if base.hasPrefix("لل") { add(base.dropFirst(2), conjunction: conjunction) }
            if let first = base.first, first == "ب" || first == "ك" || first == "ل" {
                let rest = base.dropFirst()
                add(rest, conjunction: conjunction)
                if rest.hasPrefix("ال") { add(rest.dropFirst(2), conjunction: conjunction) }
            }
        }
        return forms
    }

    /// The form a vocabulary word is compared in: without the Arabic article (when three letters
    /// remain), or stemmed as a Latin word.
    static func termForm(_ word: Substring) -> Substring {
        if isArabic(word) {
            return word.hasPrefix("ال") && word.count >= 5 ? word.dropFirst(2) : word
        }
        return stem(word)
    }

    /// A Latin word of five letters or more without a final s, then without a final e.
    static func stem(_ word: Substring) -> Substring {
        guard word.utf8.count >= 5, word.utf8.allSatisfy({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) else {
            return word
        }
        var stem = word
        if stem.hasSuffix("s") { stem = stem.dropLast() }
        if stem.hasSuffix("e") { stem = stem.dropLast() }
        return stem
    }

    /// Written in the Arabic script (its first letter is).
    static func isArabic(_ word: Substring) -> Bool {
        guard let scalar = word.unicodeScalars.first else { return false }
        return (0x0600...0x06FF).contains(scalar.value) || (0x0750...0x077F).contains(scalar.value)
    }

    /// Only ASCII digits.
    static func isNumber(_ word: Substring) -> Bool {
        !word.isEmpty && word.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}
