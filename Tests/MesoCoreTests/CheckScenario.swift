import Foundation
import MesoCore
import PostgresClient

/// A small catalog and a patient, built in memory, for tests of the pure pre-session check.
/// Products mirror the fixture catalog (Fixtures/): the same compounds, groups and strengths.
struct CheckScenario {
    static let sessionAt = Timestamp(iso: "2026-11-25T10:00:00Z")!
    static var sessionDay: CalendarDate { sessionAt.utcDate }

    static let compounds: [String: CompoundProfile] = [
        "lidocaine": CompoundProfile(code: "lidocaine", name: "lidocaine hydrochloride", groups: ["amide-anaesthetics"]),
        "articaine": CompoundProfile(code: "articaine", name: "articaine hydrochloride", groups: ["amide-anaesthetics"]),
        "procaine": CompoundProfile(code: "procaine", name: "procaine hydrochloride", groups: ["ester-anaesthetics"]),
        "methylparaben": CompoundProfile(
            code: "methylparaben", name: "methylparaben", role: .excipient, groups: ["parabens"]),
        "sodium-chloride": CompoundProfile(
            code: "sodium-chloride", name: "sodium chloride", role: .excipient, source: .mineral),
        "epinephrine": CompoundProfile(code: "epinephrine", name: "epinephrine", role: .excipient),
        "sodium-metabisulfite": CompoundProfile(
            code: "sodium-metabisulfite", name: "sodium metabisulfite", role: .excipient, source: .mineral,
            groups: ["sulfites"]),
        "cyanocobalamin": CompoundProfile(
            code: "cyanocobalamin", name: "cyanocobalamin", source: .bacterialFermentation, groups: ["cobalt"]),
        "hydroxocobalamin": CompoundProfile(
            code: "hydroxocobalamin", name: "hydroxocobalamin", source: .bacterialFermentation, groups: ["cobalt"]),
        "benzyl-alcohol": CompoundProfile(
            code: "benzyl-alcohol", name: "benzyl alcohol", role: .excipient, groups: ["benzyl-alcohol"]),
        "ha-nonanimal": CompoundProfile(code: "ha-nonanimal", name: "HA", source: .bacterialFermentation),
        "pdrn": CompoundProfile(code: "pdrn", name: "PDRN", source: .fish, groups: ["fish-protein"]),
        // A fish-derived compound the catalog has not linked to the fish-protein group.
        "salmon-dna-new": CompoundProfile(code: "salmon-dna-new", name: "salmon DNA (new)", source: .fish),
        "marine-collagen": CompoundProfile(
            code: "marine-collagen", name: "marine collagen", source: .fish, groups: ["fish-protein"]),
        "ha-avian": CompoundProfile(code: "ha-avian", name: "rooster-comb HA", source: .avian, groups: ["avian-protein"]),
        "thiamine": CompoundProfile(code: "thiamine", name: "thiamine", groups: ["thiamine"]),
        "mepivacaine": CompoundProfile(code: "mepivacaine", name: "mepivacaine", groups: ["amide-anaesthetics"]),
    ]

    /// Product code → (vial mL, single use, [(compound, amount per mL, unit)]).
    static let products: [String: (vial: String, singleUse: Bool, ingredients: [(String, String, StrengthUnit)])] = [
        "POLYREVIT-5": ("5", true, [("ha-nonanimal", "5", .mg), ("thiamine", "2", .ug), ("sodium-chloride", "6.8", .mg)]),
        "LIDO-1-MD": ("20", false, [("lidocaine", "10", .mg), ("methylparaben", "1", .mg), ("sodium-chloride", "7", .mg)]),
        "LIDO-2-MPF": ("5", true, [("lidocaine", "20", .mg), ("sodium-chloride", "6", .mg)]),
        "LIDO-EPI-1-MD": (
            "20", false,
            [
                ("lidocaine", "10", .mg), ("epinephrine", "10", .ug), ("sodium-metabisulfite", "0.5", .mg),
                ("methylparaben", "1", .mg),
            ]
        ),
        "PROC-2-2": ("2", true, [("procaine", "20", .mg), ("sodium-chloride", "4.5", .mg)]),
        "B12-MD-10": ("10", false, [("cyanocobalamin", "1000", .ug), ("benzyl-alcohol", "9", .mg)]),
        "PDRN-2": ("2", true, [("pdrn", "2.5", .mg), ("sodium-chloride", "9", .mg)]),
        "SALMON-NEW-2": ("2", true, [("salmon-dna-new", "1", .mg)]),
        "HA-AV-2": ("2", true, [("ha-avian", "10", .mg)]),
        // Epinephrine at exactly 1:200,000, just under it, and written in mg.
        "LIDO-EPI5": ("20", false, [("lidocaine", "10", .mg), ("epinephrine", "5", .ug)]),
        "LIDO-EPI49": ("20", false, [("lidocaine", "10", .mg), ("epinephrine", "4.9", .ug)]),
        "LIDO-EPI-MG": ("20", false, [("lidocaine", "10", .mg), ("epinephrine", "0.005", .mg)]),
        // Epinephrine alone, in another product than the anaesthetic.
        "EPI-TRACE": ("1", true, [("epinephrine", "10", .ug), ("sodium-chloride", "9", .mg)]),
        "MEPI-1-MD": ("20", false, [("mepivacaine", "10", .mg), ("methylparaben", "1", .mg)]),
    ]

    var weightKG: Decimal? = 62.5
    var assessment: AllergyAssessment = .listed
    var allergies: [PatientAllergy] = []
    var conditions: [PatientCondition] = []
    var medications: [PatientMedication] = []
    /// (product, mL per session)
    var components: [(String, String)] = [("POLYREVIT-5", "5"), ("LIDO-1-MD", "1")]
    var minIntervalDays = 15
    /// The formula's sessions nearest to the one checked, before and after it.
    var formulaSessions: [PriorSession] = []
    var doseLimits = [
        DoseLimit(compoundCode: "lidocaine", mgPerKG: 4.5, maxMG: 300),
        DoseLimit(compoundCode: "lidocaine", mgPerKG: 7, maxMG: 500, withVasoconstrictor: true),
        DoseLimit(compoundCode: "articaine", mgPerKG: 7, maxMG: 500, withVasoconstrictor: true),
        DoseLimit(compoundCode: "procaine", mgPerKG: 7, maxMG: 350),
    ]
    var anaesthetics: Set<String> = ["lidocaine", "articaine", "procaine", "mepivacaine"]
    var sameDayDoses: [DayDose] = []
    var reactions: [PastReaction] = []
    /// The session's clinic day (the clinic in these tests keeps UTC).
    var sessionDay = CheckScenario.sessionDay
    /// nil: plenty of released stock of every component product.
    var lots: [StockLot]?

    private var nextID: Int64 = 1

    static func ml(_ text: String) -> Decimal { Decimal(exactText: text)! }

    mutating func allergy(
        compound: String? = nil, group: String? = nil, _ criticality: AllergyCriticality,
        _ verification: AllergyVerification = .confirmed
    ) {
        let substance: AllergySubstance = compound.map { .compound($0) } ?? .group(group!)
        allergies.append(
            PatientAllergy(
                id: nextID, substance: substance, substanceName: substance.code, criticality: criticality,
                verification: verification, recordedAt: Self.sessionAt, recordedBy: "test",
                compound: compound.map { Self.compounds[$0]! }))
        nextID += 1
    }

    mutating func condition(_ kind: ConditionKind, on onset: String? = nil, note: String? = nil) {
        conditions.append(
            PatientCondition(
                id: nextID, kind: kind, onset: onset.map { CalendarDate(iso: $0)! }, note: note,
                recordedAt: Self.sessionAt, recordedBy: "test"))
        nextID += 1
    }

    /// A medication record; its words are the name in lower case, which is the database's normal form
    /// for the plain ASCII names the tests use.
    mutating func medication(_ name: String, stoppedOn: String? = nil) {
        medications.append(
            PatientMedication(
                id: nextID, name: name, words: name.lowercased(), recordedAt: Self.sessionAt, recordedBy: "test",
                stop: stoppedOn.map { PatientMedication.Stop(stoppedOn: CalendarDate(iso: $0)!, recordedAt: Self.sessionAt, recordedBy: "test") }))
        nextID += 1
    }

    /// A few terms of the reference vocabulary (Fixtures/medication_terms.csv), as the database reads them.
    static let vocabulary = MedicationVocabulary([
        term("aspirin", "acetylsalicylic acid", .salicylate, washout: 7),
        term("fish oil", "omega-3 fish oil", .supplementHerb, washout: 7),
        term("evening primrose oil", "evening primrose oil", .supplementHerb, washout: 14),
        term("warfarin", "warfarin", .vitaminKAntagonist, washout: 5),
        term("paracetamol", "paracetamol", .noBleedingRisk, washout: 0),
    ])

    static func term(_ words: String, _ substance: String, _ medicationClass: MedicationClass, washout: Int) -> VocabularyTerm {
        VocabularyTerm(
            term: words, words: words, substance: substance, medicationClass: medicationClass,
            className: medicationClass.rawValue, advice: "advice for \(medicationClass.rawValue)", washoutDays: washout)
    }

    /// A performed session of the formula `days` before the session checked (after it when negative).
    mutating func session(daysBefore days: Int) {
        let at = Self.sessionAt.adding(seconds: -Int64(days) * 86_400)
        formulaSessions.append(
            PriorSession(id: Int64(90 + formulaSessions.count), formulaVersion: 1, performedAt: at, performedOn: at.utcDate))
    }

    var facts: CheckFacts {
        let patient = Patient(
            id: 1, mrn: "T-0001", name: "Test Patient", weightKG: weightKG, allergyAssessment: assessment,
            createdAt: Self.sessionAt, createdBy: "test")
        var formulaComponents: [FormulaComponent] = []
        var ingredients: [FormulaIngredient] = []
        for (position, (product, volume)) in components.enumerated() {
            let spec = Self.products[product]!
            formulaComponents.append(
                FormulaComponent(
                    position: position + 1, productCode: product, productName: product, volumeML: Self.ml(volume),
                    vialML: Self.ml(spec.vial), singleUse: spec.singleUse))
            for (compound, amount, unit) in spec.ingredients {
                ingredients.append(
                    FormulaIngredient(
                        productCode: product, compound: Self.compounds[compound]!, amountPerML: Self.ml(amount), unit: unit))
            }
        }
        let formula = FormulaVersion(
            code: "TEST-F", version: 1, name: "Test formula", minIntervalDays: minIntervalDays, createdAt: Self.sessionAt,
            createdBy: "test", components: formulaComponents)
        let stock =
            lots
            ?? components.enumerated().map { index, component in
                StockLot(
                    id: Int64(1000 + index), productCode: component.0, lotNumber: "PLENTY-\(index)",
                    expiry: CalendarDate(iso: "2028-01-31")!, status: .released, onHandML: 1000)
            }
        return CheckFacts(
            record: PatientRecord(patient: patient, allergies: allergies, conditions: conditions, medications: medications),
            composition: FormulaComposition(formula: formula, ingredients: ingredients), sessionDay: sessionDay,
            formulaSessions: formulaSessions, doseLimits: doseLimits, anaesthetics: anaesthetics,
            sameDayDoses: sameDayDoses, reactions: reactions, lots: stock,
            bleedingRisk: BleedingRiskFacts(vocabulary: Self.vocabulary))
    }

    func run(at time: Timestamp = CheckScenario.sessionAt) -> CheckReport {
        PreSessionCheck.run(facts, at: time)
    }
}

extension CheckReport {
    func findings(_ rule: CheckFinding.Rule) -> [CheckFinding] { findings.filter { $0.rule == rule } }
}
