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
    /// The patient's last performed (not cancelled) session with this formula, any version, at
    /// or before the time checked.
    public let lastSession: PriorSession?
    /// Dose limits of the compounds in the formula.
    public let doseLimits: [DoseLimit]
    /// Lots of the formula's products with their open vials, judged for the session's time; the
    /// planner sets the unusable ones aside.
    public let lots: [StockLot]
    /// The lots named with `--lot` for a product, in the order named, judged as they stood at the
    /// session's time; the stock rule plans those products from them alone.
    public let chosenLots: [String: [StockLot]]

    public init(
        record: PatientRecord, composition: FormulaComposition, lastSession: PriorSession? = nil,
        doseLimits: [DoseLimit] = [], lots: [StockLot] = [], chosenLots: [String: [StockLot]] = [:]
    ) {
        self.record = record
        self.composition = composition
        self.lastSession = lastSession
        self.doseLimits = doseLimits
        self.lots = lots
        self.chosenLots = chosenLots
    }

    /// The same facts with the lots the practitioner named.
    public func choosing(_ chosenLots: [String: [StockLot]]) -> CheckFacts {
        CheckFacts(
            record: record, composition: composition, lastSession: lastSession, doseLimits: doseLimits, lots: lots,
            chosenLots: chosenLots)
    }

    public var patient: Patient { record.patient }
    public var formula: FormulaVersion { composition.formula }
}

/// A session already performed, as the interval rule needs it.
public struct PriorSession: Sendable, Hashable {
    public let id: Int64
    public let formulaVersion: Int
    public let performedAt: Timestamp

    public init(id: Int64, formulaVersion: Int, performedAt: Timestamp) {
        self.id = id
        self.formulaVersion = formulaVersion
        self.performedAt = performedAt
    }
}

/// The most of a compound one procedure may deliver: per kg of body weight, and never more than
/// an absolute cap. A limit `withCompound` applies instead of the plain one when the cocktail also
/// contains that compound (lidocaine with epinephrine).
public struct DoseLimit: Sendable, Hashable {
    public let compoundCode: String
    public let mgPerKG: Decimal
    public let maxMG: Decimal
    public let withCompound: String?

    public init(compoundCode: String, mgPerKG: Decimal, maxMG: Decimal, withCompound: String? = nil) {
        self.compoundCode = compoundCode
        self.mgPerKG = mgPerKG
        self.maxMG = maxMG
        self.withCompound = withCompound
    }
}
