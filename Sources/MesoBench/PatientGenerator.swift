import Foundation
import MesoCore
import PostgresClient

/// Makes the clinic's patients with allergies, conditions and medications in realistic
/// proportions, and asks the real pre-session check which formulas each may receive.
///
/// Patients the check lets receive every formula today (the cohort) come first, so that their ids
/// and MRNs form one range: pgbench can then pick one at random with `\set`, as meso's own clients
/// do. MRNs are numeric (as many hospitals' are): `mrnOffset + id`.
struct PatientGenerator {
    static let firstID: Int64 = 100_001
    static let mrnOffset: Int64 = 4_000_000

    let catalog: ClinicCatalog
    let now: Timestamp
    let windowStart: Timestamp

    func generate(count: Int, random: inout SeededRandom) -> [GeneratedPatient] {
        var patients = (0..<count).map { _ in makePatient(&random) }
        for index in patients.indices { classify(&patients[index]) }
        // Cohort first; otherwise in the order made.
        let ordered = patients.enumerated().sorted { ($0.element.inCohort ? 0 : 1, $0.offset) < ($1.element.inCohort ? 0 : 1, $1.offset) }
            .map(\.element)
        return ordered.enumerated().map { index, patient in
            var patient = patient
            patient.id = Self.firstID + Int64(index)
            patient.mrn = String(Self.mrnOffset + patient.id)
            return patient
        }
    }

    private func makePatient(_ random: inout SeededRandom) -> GeneratedPatient {
        let language = random.int(in: 0...(ClinicVocabulary.names.count - 1))
        let names = ClinicVocabulary.names[language]
        let given = names.given.randomElement(using: &random)!
        let family = names.family.randomElement(using: &random)!
        let name = ClinicVocabulary.familyFirst.contains(language) ? family + given : given + " " + family
        let birthDate = CalendarDate(daysSinceEpoch: random.int(in: -7305...13148))  // 1950 to 2005
        let weight: Decimal? =
            random.chance(0.06) ? nil : Decimal(random.int(in: 450...1050)) / 10
        let createdAt = Timestamp(
            microsecondsSinceEpoch: Int64.random(
                in: (windowStart.microsecondsSinceEpoch - 2 * 365 * 86_400_000_000)...(now.microsecondsSinceEpoch
                    - 30 * 86_400_000_000), using: &random))

        let assessment: AllergyAssessment = random.weighted([(.unknown, 12), (.noneKnown, 58), (.listed, 30)])
        var allergies: [PatientAllergy] = []
        if assessment == .listed {
            let count = random.weighted([(1, 70.0), (2, 22), (3, 8)])
            for _ in 0..<count {
                let substance: AllergySubstance
                let substanceName: String
                var profile: CompoundProfile?
                if random.chance(0.45) {
                    let code = random.weighted(ClinicVocabulary.compoundAllergies)
                    profile = catalog.compounds[code]
                    substance = .compound(code)
                    substanceName = profile?.name ?? code
                } else {
                    let code = random.weighted(ClinicVocabulary.groupAllergies)
                    substance = .group(code)
                    substanceName = catalog.groupNames[code] ?? code
                }
                guard !allergies.contains(where: { $0.substance == substance }) else { continue }
                allergies.append(
                    PatientAllergy(
                        id: Int64(allergies.count + 1), substance: substance, substanceName: substanceName,
                        criticality: random.weighted([(.low, 55), (.high, 22), (.unableToAssess, 23)]),
                        verification: random.weighted([(.confirmed, 45), (.unconfirmed, 43), (.refuted, 8), (.enteredInError, 4)]),
                        reaction: random.chance(0.8) ? ClinicVocabulary.reactions.randomElement(using: &random) : nil,
                        recordedAt: createdAt, recordedBy: "bench", compound: profile))
            }
        }

        var conditions: [PatientCondition] = []
        var treatableUntil: Timestamp?
        var surgeries: [(from: Timestamp, to: Timestamp)] = []
        if random.chance(0.14) {
            let count = random.chance(0.15) ? 2 : 1
            for _ in 0..<count {
                let condition = random.weighted(ClinicVocabulary.conditions.map { ($0, $0.weight) })
                let kind = ConditionKind(rawValue: condition.kind)!
                let recordedAt = Timestamp(
                    microsecondsSinceEpoch: Int64.random(
                        in: createdAt.microsecondsSinceEpoch...(now.microsecondsSinceEpoch - 86_400_000_000), using: &random))
                var onset: CalendarDate?
                switch kind {
                case .facialSurgery:
                    let operated = recordedAt.adding(seconds: -Int64(random.int(in: 1...20)) * 86_400)
                    onset = operated.utcDate
                    let clear = operated.utcDate.adding(monthsRollingOver: 4)
                    surgeries.append((Timestamp(date: operated.utcDate), Timestamp(date: clear)))
                case .skinDisease, .infection, .inflammation, .pregnancy:
                    treatableUntil = min(treatableUntil ?? recordedAt, recordedAt)
                case .other:
                    break
                }
                conditions.append(
                    PatientCondition(
                        id: Int64(conditions.count + 1), kind: kind, onset: onset,
                        note: condition.notes.randomElement(using: &random)!, recordedAt: recordedAt, recordedBy: "bench"))
            }
        }

        var medications: [(name: String, words: String)] = []
        if random.chance(0.38) {
            for _ in 0..<random.weighted([(1, 60.0), (2, 30), (3, 10)]) {
                let medicationClass = random.weighted(ClinicVocabulary.medicationClasses)
                let terms = catalog.vocabulary.terms.filter { $0.medicationClass == medicationClass }
                guard let term = terms.randomElement(using: &random) else { continue }
                if !medications.contains(where: { $0.words == term.words }) { medications.append((term.term, term.words)) }
            }
        }
        return GeneratedPatient(
            name: name, birthDate: birthDate, weightKG: weight, assessment: assessment, createdAt: createdAt,
            allergies: allergies, conditions: conditions, medications: medications, treatableUntil: treatableUntil,
            surgeries: surgeries)
    }

    /// Runs the real check (its stock rule aside: the lots come later) for every formula: once
    /// without the patient's conditions, which the history respects by date instead, to know which
    /// formulas their history may hold and the findings each session stores; and once as of today
    /// to know whether they belong to the cohort.
    private func classify(_ patient: inout GeneratedPatient) {
        let withoutConditions = patient.record(withConditions: false)
        var everyFormulaToday = true
        for (index, formula) in catalog.formulas.enumerated() {
            let findings = findings(withoutConditions, formula, at: now)
            if findings.contains(where: { $0.severity == .block }) {
                everyFormulaToday = false
            } else {
                patient.findingsByFormula[index] = findings
            }
        }
        if everyFormulaToday && !patient.conditions.isEmpty {
            let record = patient.record(withConditions: true)
            everyFormulaToday = catalog.formulas.allSatisfy { formula in
                !findings(record, formula, at: now).contains { $0.severity == .block }
            }
        }
        patient.inCohort = everyFormulaToday
    }

    /// The generated clinic keeps UTC as its time zone, so the session's clinic day is its UTC day.
    func findings(_ record: PatientRecord, _ formula: ClinicCatalog.Formula, at time: Timestamp) -> [CheckFinding] {
        let facts = CheckFacts(
            record: record, composition: formula.composition, sessionDay: time.utcDate, doseLimits: formula.doseLimits,
            anaesthetics: catalog.anaesthetics, bleedingRisk: BleedingRiskFacts(vocabulary: catalog.vocabulary))
        return PreSessionCheck.run(facts, at: time).findings.filter { $0.rule != .stock }
    }
}
