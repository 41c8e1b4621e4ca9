/// One thing the pre-session check found: how serious it is, which rule found it, how the match
/// was made, a sentence for the practitioner, and what it concerns.
public struct CheckFinding: Sendable, Hashable {
    public enum Severity: String, Sendable, Hashable, CaseIterable, Codable {
        case block, warn, info

        /// Blocks first, then warnings, then information.
        var rank: Int {
            switch self {
            case .block: return 0
            case .warn: return 1
            case .info: return 2
            }
        }
    }

    /// The rules of the pre-session check (docs/check.md), in the order they are applied.
    public enum Rule: String, Sendable, Hashable, CaseIterable, Codable {
        /// Rules 1 and 2: an ingredient the patient is allergic to, by itself, its group or its source.
        case allergy
        /// Rule 3: nobody has assessed whether the patient has allergies.
        case allergyAssessment = "allergy-assessment"
        /// Rule 4.
        case contraindication
        /// Rule 5: an unassessed reaction after an earlier session sharing a compound.
        case reaction
        /// Rule 6.
        case bleedingRisk = "bleeding-risk"
        /// Rule 7.
        case interval
        /// Rule 8.
        case doseLimit = "dose-limit"
        /// Rule 9.
        case stock
    }

    /// How an allergy matched an ingredient.
    public enum MatchType: String, Sendable, Hashable, CaseIterable, Codable {
        /// The ingredient is the compound the patient is allergic to.
        case definite
        /// As definite, but the ingredient is an excipient (a preservative, an antioxidant).
        case excipient
        /// Through an allergen group (the patient's, or one shared with the compound they react to).
        case `class`
        /// Through the animal source of a compound (avian, fish, bovine protein).
        case source
    }

    public let severity: Severity
    public let rule: Rule
    /// Set for allergy findings only.
    public let matchType: MatchType?
    public let message: Message
    public let compoundCode: String?
    public let groupCode: String?
    public let productCode: String?
    public let lotID: Int64?
    public let lotNumber: String?
    public let conditionID: Int64?
    /// The medication record concerned, as the patient named it.
    public let medication: String?
    /// False only for a block that no override can lift (stock, dose limit): `session record` must refuse it
    /// whatever reason is given.
    public let overridable: Bool

    public init(
        severity: Severity, rule: Rule, matchType: MatchType? = nil, message: Message, compoundCode: String? = nil,
        groupCode: String? = nil, productCode: String? = nil, lotID: Int64? = nil, lotNumber: String? = nil,
        conditionID: Int64? = nil, medication: String? = nil, overridable: Bool = true
    ) {
        self.severity = severity
        self.rule = rule
        self.matchType = matchType
        self.message = message
        self.compoundCode = compoundCode
        self.groupCode = groupCode
        self.productCode = productCode
        self.lotID = lotID
        self.lotNumber = lotNumber
        self.conditionID = conditionID
        self.medication = medication
        self.overridable = overridable
    }
}
