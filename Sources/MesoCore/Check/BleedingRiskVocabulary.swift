/// Medicines and supplements that make bruising and bleeding after injections more likely, with
/// the names patients and prescribers write them under. The one place this list is kept: the
/// bleeding-risk rule matches medication records against it.
public enum BleedingRiskVocabulary {
    public struct Agent: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable {
            case nsaid = "NSAID"
            case supplement
            case herbal = "herbal medicine"
            case alcohol
            case anticoagulant = "anticoagulant or antiplatelet"
        }

        /// The name the finding uses.
        public let name: String
        public let kind: Kind
        /// Names matched as whole words, case-insensitively, anywhere in the medication record.
        public let synonyms: [String]
        /// What the practitioner should know or ask.
        public let advice: String
    }

    static let stopAWeekBefore = "non-prescribed products are usually stopped about 7 days before"

    public static let agents: [Agent] = [
        Agent(
            name: "aspirin", kind: .nsaid,
            synonyms: ["aspirin", "aspirine", "aspirina", "acetylsalicylic acid", "acetylsalicylic", "ASA", "Aspro"],
            advice: "aspirin prescribed for the heart is never stopped; otherwise it is usually stopped about 7 days before"),
        Agent(
            name: "ibuprofen", kind: .nsaid, synonyms: ["ibuprofen", "ibuprofene", "Advil", "Motrin", "Nurofen", "Brufen"],
            advice: stopAWeekBefore),
        Agent(name: "naproxen", kind: .nsaid, synonyms: ["naproxen", "Aleve", "Naprosyn"], advice: stopAWeekBefore),
        Agent(
            name: "diclofenac", kind: .nsaid, synonyms: ["diclofenac", "Voltaren", "Voltarol", "Cataflam"],
            advice: stopAWeekBefore),
        Agent(
            name: "an NSAID", kind: .nsaid,
            synonyms: [
                "NSAID", "NSAIDs", "anti-inflammatory", "ketoprofen", "dexketoprofen", "flurbiprofen", "indomethacin",
                "indometacin", "ketorolac", "meloxicam", "piroxicam", "celecoxib", "etoricoxib", "nimesulide",
                "aceclofenac", "mefenamic acid", "etodolac", "nabumetone", "sulindac", "diflunisal",
            ], advice: stopAWeekBefore),
        Agent(
            name: "vitamin E", kind: .supplement,
            synonyms: ["vitamin E", "vit E", "vitamine E", "tocopherol", "tocopheryl", "tocopherols"],
            advice: stopAWeekBefore),
        Agent(
            name: "evening primrose oil", kind: .supplement,
            synonyms: ["evening primrose", "primrose oil", "Oenothera"],
            advice: "it is usually stopped about 2 weeks before"),
        Agent(
            name: "fish oil", kind: .supplement,
            synonyms: [
                "fish oil", "fish oils", "omega-3", "omega3", "omega 3 fatty acids", "cod liver oil", "krill oil", "EPA",
                "DHA",
            ], advice: stopAWeekBefore),
        Agent(name: "ginkgo", kind: .herbal, synonyms: ["ginkgo", "gingko", "ginko", "Ginkgo biloba"], advice: stopAWeekBefore),
        Agent(name: "garlic", kind: .herbal, synonyms: ["garlic", "Allium sativum", "allicin"], advice: stopAWeekBefore),
        Agent(name: "ginseng", kind: .herbal, synonyms: ["ginseng", "Panax"], advice: stopAWeekBefore),
        Agent(name: "ginger", kind: .herbal, synonyms: ["ginger", "Zingiber"], advice: stopAWeekBefore),
        Agent(name: "feverfew", kind: .herbal, synonyms: ["feverfew", "Tanacetum parthenium"], advice: stopAWeekBefore),
        Agent(
            name: "dong quai", kind: .herbal, synonyms: ["dong quai", "dang gui", "Angelica sinensis"],
            advice: stopAWeekBefore),
        Agent(
            name: "St John's wort", kind: .herbal,
            synonyms: ["St John's wort", "St Johns wort", "Saint John's wort", "Saint Johns wort", "John's wort", "Hypericum"],
            advice: stopAWeekBefore),
        Agent(name: "turmeric", kind: .herbal, synonyms: ["turmeric", "curcumin", "Curcuma"], advice: stopAWeekBefore),
        Agent(
            name: "a herbal medicine", kind: .herbal,
            synonyms: [
                "herbal", "herbs", "herb", "Chinese medicine", "traditional Chinese medicine", "TCM", "Chinese herbal",
                "Kampo", "Ayurvedic", "phytotherapy",
            ], advice: "ask what it contains; " + stopAWeekBefore),
        Agent(
            name: "alcohol", kind: .alcohol, synonyms: ["alcohol", "ethanol", "wine", "beer", "spirits"],
            advice: "ask the patient not to drink for a day or two before and after"),
        Agent(
            name: "an anticoagulant", kind: .anticoagulant,
            synonyms: [
                "anticoagulant", "blood thinner", "warfarin", "Coumadin", "acenocoumarol", "phenprocoumon", "apixaban",
                "Eliquis", "rivaroxaban", "Xarelto", "dabigatran", "Pradaxa", "edoxaban", "heparin", "enoxaparin",
                "Lovenox", "Clexane", "clopidogrel", "Plavix", "prasugrel", "ticagrelor",
            ], advice: "it is prescribed and the clinic never stops it; expect more bruising and bleeding"),
    ]

    /// The first agent the medication name mentions, or nil.
    public static func match(_ medication: String) -> Agent? {
        let words = self.words(medication)
        guard !words.isEmpty else { return nil }
        for (agent, phrases) in zip(agents, synonymWords) where phrases.contains(where: { contains(words, phrase: $0) }) {
            return agent
        }
        return nil
    }

    /// Each agent's synonyms split into words once: splitting is Unicode-aware and too slow to
    /// repeat for a hundred synonyms on every medication of every check.
    private static let synonymWords: [[[Substring]]] = agents.map { $0.synonyms.map(words) }

    /// Lower-case words: every run of letters or digits, so that "St. John’s Wort", "OMEGA-3" and
    /// "Aspirin 100mg" split the same way as the synonyms do.
    static func words(_ text: String) -> [Substring] {
        let lowered = text.lowercased()
        return lowered.split { !($0.isLetter || $0.isNumber) }
    }

    private static func contains(_ words: [Substring], phrase: [Substring]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= words.count else { return false }
        for start in 0...(words.count - phrase.count) where words[start..<(start + phrase.count)].elementsEqual(phrase) {
            return true
        }
        return false
    }
}
