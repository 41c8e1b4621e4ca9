/// A set of vocabulary terms indexed for matching: each term's words in the form they are compared
/// in (`WordForms.termForm`), and the terms by the form of their first word.
public struct MedicationVocabulary: Sendable, Hashable {
    public let terms: [VocabularyTerm]
    /// Per term, its words as compared.
    private let termWords: [[Substring]]
    /// Term positions by the compared form of their first word.
    private let byFirstWord: [Substring: [Int]]

    public init(_ terms: [VocabularyTerm]) {
        self.terms = terms
        termWords = terms.map { term in term.words.split(separator: " ").map(WordForms.termForm) }
        var index: [Substring: [Int]] = [:]
        for (position, words) in termWords.enumerated() {
            guard let first = words.first else { continue }
            index[first, default: []].append(position)
        }
        byFirstWord = index
    }

    public static let empty = MedicationVocabulary([])

    /// A term found in a record's words.
    struct Match {
        let term: VocabularyTerm
        let start: Int
        let end: Int
        /// The first word carried a conjunction (و, ف): the name starts a new item of a list.
        let conjunction: Bool
        /// Every word matched as written, without a clitic, plural or final e taken off.
        let exact: Bool
    }

    /// Every term whose words are the record's words from `start` on, in any of their readings.
    func matches(at start: Int, in forms: [[WordForms.Form]]) -> [Match] {
        var found: [Match] = []
        for first in forms[start] {
            for position in byFirstWord[first.text] ?? [] {
                let words = termWords[position]
                guard start + words.count <= forms.count else { continue }
                var exact = !first.shortened
                var matched = true
                for offset in 1..<max(1, words.count) {
                    guard let form = forms[start + offset].first(where: { $0.text == words[offset] }) else {
                        matched = false
                        break
                    }
                    exact = exact && !form.shortened
                }
                if matched, !found.contains(where: { $0.term == terms[position] }) {
                    found.append(
                        Match(
                            term: terms[position], start: start, end: start + words.count, conjunction: first.conjunction,
                            exact: exact))
                }
            }
        }
        return found
    }

    public static func == (left: MedicationVocabulary, right: MedicationVocabulary) -> Bool {
        left.terms == right.terms
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(terms)
    }
}
