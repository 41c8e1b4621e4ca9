#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Everything the pre-session check reads, loaded in one round trip by `CheckFactsLoader` (or
/// built by hand in tests): the check itself touches nothing else.
public struct CheckFacts: Sendable, Hashable {
    public let record: PatientRecord
    /// The formula version the session would use, with every ingredient of its products.
    public let composition: FormulaComposition
    /// The clinic's calendar day of the session (in the clinic's time zone, read from the database):
    /// the day conditions, surgery dates, intervals and the day's doses are judged on.
    public let sessionDay: CalendarDate
    /// The patient's performed (not cancelled) sessions with this formula, any version, nearest to
    /// the time checked: the last at or before it and the first after it, when there are such.
    public let formulaSessions: [PriorSession]
    /// Every dose limit on file (for the compounds of the cocktail and of the day's other sessions).
    public let doseLimits: [DoseLimit]
    /// The compounds of the anaesthetic class: their doses add up, and one without a limit is
    /// never passed silently.
    public let anaesthetics: Set<String>
    /// What the patient's other performed sessions of the same clinic day delivered of compounds
    /// with a limit or of the anaesthetic class.
    public let sameDayDoses: [DayDose]
    /// Allergic reactions and severe adverse events after the patient's earlier sessions that no
    /// assessment has answered yet.
    public let reactions: [PastReaction]
    /// Lots of the formula's products with their open vials, judged for the session's time; the
    /// planner sets the unusable ones aside.
    public let lots: [StockLot]
    /// The lots named with `Field.lot` for a product, in the order named, judged as they stood at the
    /// session's time; the stock rule plans those products from them alone.
    public let chosenLots: [String: [StockLot]]
    /// The vocabulary terms the medications may name (washouts count on `sessionDay`).
    public let bleedingRisk: BleedingRiskFacts

    public init(
        record: PatientRecord, composition: FormulaComposition, sessionDay: CalendarDate,
        formulaSessions: [PriorSession] = [], doseLimits: [DoseLimit] = [], anaesthetics: Set<String> = [],
        sameDayDoses: [DayDose] = [], reactions: [PastReaction] = [], lots: [StockLot] = [],
        chosenLots: [String: [StockLot]] = [:], bleedingRisk: BleedingRiskFacts = .unread
    ) {
        self.record = record
        self.composition = composition
        self.sessionDay = sessionDay
        self.formulaSessions = formulaSessions
        self.doseLimits = doseLimits
        self.anaesthetics = anaesthetics
        self.sameDayDoses = sameDayDoses
        self.reactions = reactions
        self.lots = lots
        self.chosenLots = chosenLots
        self.bleedingRisk = bleedingRisk
    }

    /// The same facts with the lots the practitioner named.
    public func choosing(_ chosenLots: [String: [StockLot]]) -> CheckFacts {
        CheckFacts(
            record: record, composition: composition, sessionDay: sessionDay, formulaSessions: formulaSessions,
            doseLimits: doseLimits, anaesthetics: anaesthetics, sameDayDoses: sameDayDoses, reactions: reactions,
            lots: lots, chosenLots: chosenLots, bleedingRisk: bleedingRisk)
    }

    public var patient: Patient { record.patient }
    public var formula: FormulaVersion { composition.formula }
}

/// A session already performed, as the interval rule and course plans need it.
public struct PriorSession: Sendable, Hashable {
    public let id: Int64
    public let formulaVersion: Int
    public let performedAt: Timestamp
    /// The clinic's calendar day it was performed on.
    public let performedOn: CalendarDate

    public init(id: Int64, formulaVersion: Int, performedAt: Timestamp, performedOn: CalendarDate) {
        self.id = id
        self.formulaVersion = formulaVersion
        self.performedAt = performedAt
        self.performedOn = performedOn
    }
}

/// The most of a compound one patient may receive in a day: per kg of body weight, and never more
/// than an absolute cap. The limit `withVasoconstrictor` applies to a product that itself carries
/// epinephrine at a vasoconstrictive strength; the plain one to every other.
public struct DoseLimit: Sendable, Hashable {
    public let compoundCode: String
    public let mgPerKG: Decimal
    public let maxMG: Decimal
    public let withVasoconstrictor: Bool

    public init(compoundCode: String, mgPerKG: Decimal, maxMG: Decimal, withVasoconstrictor: Bool = false) {
        self.compoundCode = compoundCode
        self.mgPerKG = mgPerKG
        self.maxMG = maxMG
        self.withVasoconstrictor = withVasoconstrictor
    }

    /// The limit for a patient: the per-kg figure times the weight, at most the cap; the cap alone
    /// when the weight is unknown.
    public func milligrams(forWeight weightKG: Decimal?) -> Decimal {
        guard let weightKG else { return maxMG }
        return min(mgPerKG * weightKG, maxMG)
    }
}

/// What one earlier session of the same day delivered of one compound from one product.
public struct DayDose: Sendable, Hashable {
    public let sessionID: Int64
    public let productCode: String
    public let compoundCode: String
    public let amount: Decimal
    public let unit: StrengthUnit
    /// The epinephrine the product carries per mL, in µg (0 when none).
    public let epinephrineUGPerML: Decimal

    public init(
        sessionID: Int64, productCode: String, compoundCode: String, amount: Decimal, unit: StrengthUnit,
        epinephrineUGPerML: Decimal = 0
    ) {
        self.sessionID = sessionID
        self.productCode = productCode
        self.compoundCode = compoundCode
        self.amount = amount
        self.unit = unit
        self.epinephrineUGPerML = epinephrineUGPerML
    }
}

/// An adverse event after an earlier session that makes a cocktail sharing a compound with that
/// session block until it is assessed: an allergic reaction of any severity, or any severe event.
public struct PastReaction: Sendable, Hashable {
    public let eventID: Int64
    public let kind: AdverseEvent.Kind
    public let severity: AdverseEvent.Severity
    public let sessionID: Int64
    public let sessionOn: CalendarDate
    /// Every compound of the products the session injected.
    public let compounds: [String]

    public init(
        eventID: Int64, kind: AdverseEvent.Kind, severity: AdverseEvent.Severity, sessionID: Int64,
        sessionOn: CalendarDate, compounds: [String]
    ) {
        self.eventID = eventID
        self.kind = kind
        self.severity = severity
        self.sessionID = sessionID
        self.sessionOn = sessionOn
        self.compounds = compounds
    }
}
