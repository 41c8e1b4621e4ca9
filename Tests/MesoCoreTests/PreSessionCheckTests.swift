import Foundation
import MesoCore
import PostgresClient
import Testing

/// The pure pre-session check (docs/check.md, "The rules"), over facts
/// built in memory.
@Suite("Pre-session check: allergies")
struct PreSessionAllergyTests {
    @Test func nothingFoundPasses() {
        let report = CheckScenario().run()
        #expect(report.verdict == .pass)
        #expect(report.findings.isEmpty)
        #expect(report.overridable)
    }

    @Test(arguments: [
        (AllergyCriticality.high, CheckFinding.Severity.block, CheckReport.Verdict.block),
        (.unableToAssess, .block, .block),
        (.low, .warn, .warn),
    ])
    func definiteAllergyToAnActiveIngredient(
        criticality: AllergyCriticality, severity: CheckFinding.Severity, verdict: CheckReport.Verdict
    ) throws {
        var scenario = CheckScenario()
        scenario.allergy(compound: "lidocaine", criticality)
        let report = scenario.run()
        let finding = try #require(report.findings(.allergy).first)
        #expect(report.findings(.allergy).count == 1)
        #expect(finding.severity == severity)
        #expect(finding.matchType == .definite)
        #expect(finding.compoundCode == "lidocaine")
        #expect(finding.productCode == "LIDO-1-MD")
        #expect(finding.overridable)
        #expect(report.verdict == verdict)
    }

    @Test(arguments: [(AllergyCriticality.high, CheckFinding.Severity.block), (.low, .warn)])
    func excipientMethylparabenInAMultiDoseLidocaineVial(criticality: AllergyCriticality, severity: CheckFinding.Severity)
        throws
    {
        var scenario = CheckScenario()
        scenario.allergy(compound: "methylparaben", criticality)
        let finding = try #require(scenario.run().findings(.allergy).first)
        #expect(finding.severity == severity)
        #expect(finding.matchType == .excipient)
        #expect(finding.compoundCode == "methylparaben")
        #expect(finding.productCode == "LIDO-1-MD")
        #expect(finding.message.text.contains("excipient"))
    }

    @Test(arguments: [(AllergyCriticality.high, CheckFinding.Severity.block), (.low, .warn)])
    func cobaltGroupReachesCyanocobalamin(criticality: AllergyCriticality, severity: CheckFinding.Severity) throws {
        var scenario = CheckScenario()
        scenario.components = [("B12-MD-10", "0.5")]
        scenario.allergy(group: "cobalt", criticality)
        let finding = try #require(scenario.run().findings(.allergy).first)
        #expect(finding.severity == severity)
        #expect(finding.matchType == .class)
        #expect(finding.compoundCode == "cyanocobalamin")
        #expect(finding.groupCode == "cobalt")
        #expect(finding.productCode == "B12-MD-10")
    }

    @Test func allergyToHydroxocobalaminReachesCyanocobalaminThroughTheirSharedGroup() throws {
        var scenario = CheckScenario()
        scenario.components = [("B12-MD-10", "0.5")]
        scenario.allergy(compound: "hydroxocobalamin", .high)
        let finding = try #require(scenario.run().findings(.allergy).first)
        #expect(finding.severity == .block)
        #expect(finding.matchType == .class)
        #expect(finding.groupCode == "cobalt")
        #expect(finding.message.text.contains("shares the group cobalt"))
    }

    @Test(arguments: [(AllergyCriticality.high, CheckFinding.Severity.block), (.low, .warn)])
    func amideAnaestheticsGroupReachesLidocaine(criticality: AllergyCriticality, severity: CheckFinding.Severity) throws {
        var scenario = CheckScenario()
        scenario.allergy(group: "amide-anaesthetics", criticality)
        let findings = scenario.run().findings(.allergy)
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.severity == severity)
        #expect(finding.matchType == .class)
        #expect(finding.compoundCode == "lidocaine")
        #expect(finding.groupCode == "amide-anaesthetics")
    }

    @Test func articaineAllergyReachesLidocaineAsAnAmide() throws {
        var scenario = CheckScenario()
        scenario.allergy(compound: "articaine", .high)
        let finding = try #require(scenario.run().findings(.allergy).first)
        #expect(finding.matchType == .class)
        #expect(finding.severity == .block)
        #expect(finding.compoundCode == "lidocaine")
    }

    @Test func amideAndEsterAnaestheticsDoNotCrossMatch() {
        // Ester allergies against a preservative-free lidocaine (amide) cocktail.
        for allergy in [("procaine", nil), (nil, "ester-anaesthetics")] as [(String?, String?)] {
            var scenario = CheckScenario()
            scenario.components = [("POLYREVIT-5", "5"), ("LIDO-2-MPF", "1")]
            scenario.allergy(compound: allergy.0, group: allergy.1, .high)
            #expect(scenario.run().findings(.allergy).isEmpty, "\(allergy)")
        }
        // Amide allergies against a procaine (ester) cocktail.
        for allergy in [("lidocaine", nil), (nil, "amide-anaesthetics")] as [(String?, String?)] {
            var scenario = CheckScenario()
            scenario.components = [("PROC-2-2", "1")]
            scenario.allergy(compound: allergy.0, group: allergy.1, .high)
            let report = scenario.run()
            #expect(report.findings(.allergy).isEmpty, "\(allergy)")
            #expect(report.verdict == .pass)
        }
    }

    @Test(arguments: [AllergyVerification.refuted, .enteredInError])
    func refutedAndEnteredInErrorAllergiesAreIgnored(verification: AllergyVerification) {
        var scenario = CheckScenario()
        scenario.allergy(compound: "lidocaine", .high, verification)
        scenario.allergy(group: "parabens", .high, verification)
        let report = scenario.run()
        #expect(report.findings(.allergy).isEmpty)
        // Refuted records are an assessment; records all entered in error are none.
        #expect(report.verdict == (verification == .refuted ? .pass : .warn))
        #expect(report.findings.map(\.rule) == (verification == .refuted ? [] : [.allergyAssessment]))
    }

    @Test func unconfirmedAllergiesCountLikeConfirmedOnes() throws {
        var scenario = CheckScenario()
        scenario.allergy(compound: "lidocaine", .high, .unconfirmed)
        #expect(try #require(scenario.run().findings(.allergy).first).severity == .block)
    }

    /// Several records for one substance: every active record counts and the most severe decides;
    /// a later refuted record does not cancel an earlier active one.
    @Test func theMostSevereActiveRecordForASubstanceDecides() throws {
        var scenario = CheckScenario()
        scenario.allergy(compound: "lidocaine", .low)
        scenario.allergy(compound: "lidocaine", .high, .unconfirmed)
        scenario.allergy(compound: "lidocaine", .low, .refuted)
        let findings = scenario.run().findings(.allergy)
        #expect(findings.count == 1, "one finding per substance and ingredient")
        #expect(findings.first?.severity == .block)
        #expect(findings.first?.message.text.contains("high, unconfirmed") == true)
    }

    @Test func aDefiniteAndAClassAllergyToTheSameIngredientAreBothReportedDefiniteFirst() {
        var scenario = CheckScenario()
        scenario.allergy(group: "amide-anaesthetics", .low)
        scenario.allergy(compound: "lidocaine", .low)
        let findings = scenario.run().findings(.allergy)
        #expect(findings.map(\.matchType) == [.definite, .class])
    }

    @Test func animalSourceMatchesAreLabelledSource() throws {
        // A fish-derived compound the catalog never linked to the fish-protein group still matches.
        var scenario = CheckScenario()
        scenario.components = [("SALMON-NEW-2", "1")]
        scenario.allergy(group: "fish-protein", .unableToAssess, .unconfirmed)
        let finding = try #require(scenario.run().findings(.allergy).first)
        #expect(finding.matchType == .source)
        #expect(finding.severity == .block)
        #expect(finding.message.text.contains("fish origin"))

        // An allergy to one fish compound reaches another through their shared source.
        var compound = CheckScenario()
        compound.components = [("PDRN-2", "2")]
        compound.allergy(compound: "marine-collagen", .low)
        let sourceFinding = try #require(compound.run().findings(.allergy).first)
        #expect(sourceFinding.matchType == .source)
        #expect(sourceFinding.compoundCode == "pdrn")
        #expect(sourceFinding.severity == .warn)

        // Non-animal HA does not match an avian protein allergy; rooster-comb HA does.
        var avian = CheckScenario()
        avian.allergy(group: "avian-protein", .high)
        #expect(avian.run().findings(.allergy).isEmpty)
        avian.components = [("HA-AV-2", "1")]
        #expect(avian.run().findings(.allergy).first?.matchType == .source)
    }

    @Test func unknownAssessmentWarnsAndNoneKnownDoesNot() throws {
        var unknown = CheckScenario()
        unknown.assessment = .unknown
        let report = unknown.run()
        let finding = try #require(report.findings(.allergyAssessment).first)
        #expect(finding.severity == .warn)
        #expect(report.verdict == .warn)

        var noneKnown = CheckScenario()
        noneKnown.assessment = .noneKnown
        #expect(noneKnown.run().findings.isEmpty)
        #expect(noneKnown.run().verdict == .pass)
    }
}

@Suite("Pre-session check: contraindications, bleeding risk, interval")
struct PreSessionClinicalRuleTests {
    /// Facial surgery blocks for 4 calendar months; the session day exactly 4 months after is clear.
    @Test(arguments: [
        ("2026-08-25", true),  // 3 months before
        ("2026-06-25", false),  // 5 months before
        ("2026-07-25", false),  // exactly 4 months before: clear
        ("2026-07-26", true),  // 4 months less a day
        ("2026-11-25", true),  // the same day
    ])
    func facialSurgeryBlocksForFourMonths(operated: String, blocks: Bool) throws {
        var scenario = CheckScenario()
        scenario.condition(.facialSurgery, on: operated, note: "blepharoplasty")
        let report = scenario.run()
        #expect(report.verdict == (blocks ? .block : .pass), "\(operated)")
        if blocks {
            let finding = try #require(report.findings(.contraindication).first)
            #expect(finding.severity == .block)
            #expect(finding.conditionID != nil)
            #expect(finding.message.text.contains(operated))
        } else {
            #expect(report.findings.isEmpty)
        }
    }

    @Test func fourMonthsAfterTheLastDayOfAMonthNeverClampBack() {
        // 31 October + 4 months = 1 March: 28 February is still within the four months.
        var scenario = CheckScenario()
        scenario.condition(.facialSurgery, on: "2026-10-31")
        for (day, verdict) in [("2027-02-28", CheckReport.Verdict.block), ("2027-03-01", .pass)] {
            scenario.sessionDay = CalendarDate(iso: day)!
            let report = scenario.run(at: Timestamp(iso: day + "T10:00:00Z")!)
            #expect(report.verdict == verdict, "\(day)")
        }
        scenario.sessionDay = CalendarDate(iso: "2027-02-28")!
        #expect(scenario.run().findings.first?.message.text.contains("no mesotherapy before 2027-03-01") == true)
    }

    @Test(arguments: [ConditionKind.skinDisease, .infection, .inflammation, .pregnancy])
    func conditionsThatBlock(kind: ConditionKind) throws {
        var scenario = CheckScenario()
        scenario.condition(kind, note: "noted")
        let report = scenario.run()
        let finding = try #require(report.findings(.contraindication).first)
        #expect(finding.severity == .block)
        #expect(finding.overridable)
        #expect(report.verdict == .block)
    }

    @Test func anOtherConditionIsShownWithoutChangingTheVerdict() {
        var scenario = CheckScenario()
        scenario.condition(.other, note: "hypothyroidism, treated")
        let report = scenario.run()
        #expect(report.findings.map(\.severity) == [.info])
        #expect(report.verdict == .pass)
    }

    /// The rule on facts built by hand; every name, language and form is tested through the binary
    /// against the seeded vocabulary (BleedingRiskCommandTests).
    @Test(arguments: ["aspirin", "Aspirin 100 mg", "fish oil 1000 mg", "warfarin", "paracetamol and aspirin"])
    func aMedicationOfABleedingRiskClassWarns(name: String) throws {
        var scenario = CheckScenario()
        scenario.medication(name)
        let report = scenario.run()
        let finding = try #require(report.findings(.bleedingRisk).first, "\(name)")
        #expect(finding.severity == .warn)
        #expect(finding.medication == name)
        #expect(report.verdict == .warn)
    }

    @Test(arguments: ["paracetamol", "paracetamol 1 g", "aspirin free", "no fish oil"])
    func aKnownSafeOrNegatedMedicationFindsNothing(name: String) {
        var scenario = CheckScenario()
        scenario.medication(name)
        #expect(scenario.run().findings.isEmpty, "\(name)")
    }

    @Test func aNameTheVocabularyDoesNotKnowIsInformationNotAPass() throws {
        var scenario = CheckScenario()
        scenario.medication("levothyroxine")
        let report = scenario.run()
        let finding = try #require(report.findings(.bleedingRisk).first)
        #expect(finding.severity == .info)
        #expect(finding.message.text.contains("not in the medication vocabulary"))
        #expect(report.verdict == .pass)
    }

    @Test func anEmptyVocabularyWarnsForEveryMedication() throws {
        var scenario = CheckScenario()
        scenario.medication("levothyroxine")
        let facts = scenario.facts
        let empty = CheckFacts(
            record: facts.record, composition: facts.composition, sessionDay: facts.sessionDay,
            doseLimits: facts.doseLimits, lots: facts.lots, bleedingRisk: BleedingRiskFacts(vocabulary: .empty))
        let finding = try #require(PreSessionCheck.run(empty, at: CheckScenario.sessionAt).findings(.bleedingRisk).first)
        #expect(finding.severity == .warn)
        #expect(finding.message.text.contains("vocabulary is empty"))
    }

    /// Stopped on day S with a washout of W days: counts through S + W, silent from S + W + 1. The
    /// session is on 2026-11-25; aspirin's washout is 7 days, evening primrose oil's 14.
    @Test(arguments: [
        ("aspirin", "2026-11-18", true), ("aspirin", "2026-11-17", false), ("aspirin", "2026-11-25", true),
        ("aspirin", "2026-11-30", true), ("evening primrose oil", "2026-11-11", true),
        ("evening primrose oil", "2026-11-10", false),
    ])
    func aStoppedMedicationCountsThroughItsWashout(name: String, stoppedOn: String, warns: Bool) throws {
        var scenario = CheckScenario()
        scenario.medication(name, stoppedOn: stoppedOn)
        let findings = scenario.run().findings(.bleedingRisk)
        #expect(findings.map(\.severity) == (warns ? [.warn] : []), "\(name) stopped on \(stoppedOn)")
    }

    @Test(arguments: [(10, true), (14, true), (15, false), (30, false)])
    func aSessionWithTheSameFormulaSoonerThanItsIntervalWarns(daysAgo: Int, warns: Bool) throws {
        var scenario = CheckScenario()
        scenario.session(daysBefore: daysAgo)
        let report = scenario.run()
        #expect(report.verdict == (warns ? .warn : .pass))
        if warns {
            let finding = try #require(report.findings(.interval).first)
            #expect(finding.message.text.contains("\(daysAgo) days before this one"))
            #expect(finding.message.text.contains("15 days"))
        }
    }

    @Test func theIntervalIsTheFormulas() {
        var scenario = CheckScenario()
        scenario.minIntervalDays = 30
        scenario.session(daysBefore: 20)
        #expect(scenario.run().verdict == .warn)
    }
}

@Suite("Pre-session check: dose limits and stock")
struct PreSessionDoseAndStockTests {
    @Test func lidocaineOverFourAndAHalfMgPerKgBlocks() throws {
        var scenario = CheckScenario()
        scenario.weightKG = 10  // limit 45 mg
        scenario.components = [("LIDO-1-MD", "5")]  // 50 mg
        let report = scenario.run()
        let finding = try #require(report.findings(.doseLimit).first)
        #expect(finding.severity == .block)
        #expect(finding.compoundCode == "lidocaine")
        #expect(finding.message.text.contains("50.000 mg"))
        #expect(finding.message.text.contains("45.000 mg"))
        #expect(report.verdict == .block)

        scenario.components = [("LIDO-1-MD", "4.5")]  // exactly 45 mg: at the limit, not over it
        #expect(scenario.run().findings(.doseLimit).isEmpty)
    }

    @Test func lidocaineIsSummedOverEveryProductThatContainsIt() throws {
        var scenario = CheckScenario()
        scenario.weightKG = 10
        scenario.components = [("LIDO-1-MD", "3"), ("LIDO-2-MPF", "1")]  // 30 + 20 mg > 45 mg
        let finding = try #require(scenario.run().findings(.doseLimit).first)
        #expect(finding.severity == .block)
        #expect(finding.message.text.contains("lidocaine 30.000 mg in LIDO-1-MD, 66.7 %"))
        #expect(finding.message.text.contains("lidocaine 20.000 mg in LIDO-2-MPF, 44.4 %"))
        #expect(finding.message.text.contains("together 111.2 % of the limit"))
    }

    @Test func theEpinephrineLimitAppliesWhenTheCocktailContainsEpinephrine() {
        var scenario = CheckScenario()
        scenario.weightKG = 10  // 7 mg/kg: 70 mg
        scenario.components = [("LIDO-EPI-1-MD", "5")]  // 50 mg: over 4.5 mg/kg, under 7 mg/kg
        #expect(scenario.run().findings(.doseLimit).isEmpty)
        scenario.components = [("LIDO-EPI-1-MD", "7.5")]  // 75 mg
        #expect(scenario.run().findings(.doseLimit).first?.severity == .block)
    }

    @Test func theAbsoluteCapAppliesToHeavyPatients() {
        var scenario = CheckScenario()
        scenario.weightKG = 120  // 540 mg by weight, but at most 300 mg
        scenario.components = [("LIDO-2-MPF", "16")]  // 320 mg
        let finding = scenario.run().findings(.doseLimit).first
        #expect(finding?.severity == .block)
        #expect(finding?.message.text.contains("300.000 mg") == true)
    }

    @Test func unknownWeightWarnsThatTheDoseCouldNotBeCheckedButTheCapStillBlocks() {
        var scenario = CheckScenario()
        scenario.weightKG = nil
        let report = scenario.run()
        #expect(report.findings(.doseLimit).map(\.severity) == [.warn])
        #expect(report.verdict == .warn)

        scenario.components = [("LIDO-2-MPF", "16")]  // 320 mg > 300 mg cap
        #expect(Set(scenario.run().findings(.doseLimit).map(\.severity)) == [.warn, .block])

        // No dose-limited compound: nothing to check, nothing to say.
        scenario.components = [("POLYREVIT-5", "5")]
        #expect(scenario.run().findings.isEmpty)
    }

    @Test func notEnoughUsableStockBlocksNamesTheProductAndCannotBeOverridden() throws {
        var scenario = CheckScenario()
        scenario.lots = [
            StockLot(
                id: 1, productCode: "POLYREVIT-5", lotNumber: "PR-1", expiry: CalendarDate(iso: "2027-06-30")!,
                status: .released, onHandML: 50),
            StockLot(
                id: 2, productCode: "LIDO-1-MD", lotNumber: "L-1", expiry: CalendarDate(iso: "2027-06-30")!,
                status: .released, onHandML: CheckScenario.ml("0.4"), openVials: [.of(2, id: 20, holding: "0.4")]),
            StockLot(
                id: 3, productCode: "LIDO-1-MD", lotNumber: "L-Q", expiry: CalendarDate(iso: "2027-06-30")!,
                status: .quarantined, onHandML: 20, refusal: .quarantined),
        ]
        let report = scenario.run()
        let finding = try #require(report.findings(.stock).first)
        #expect(report.findings(.stock).count == 1)
        #expect(finding.severity == .block)
        #expect(finding.productCode == "LIDO-1-MD")
        #expect(finding.message.text.contains("LIDO-1-MD"))
        #expect(!finding.overridable)
        #expect(report.verdict == .block)
        #expect(!report.overridable)
        #expect(report.lotPlan[1].shortfallML == CheckScenario.ml("0.6"))
    }

    @Test func thePlanDrawsTheEarliestExpiryFirstAndSkipsAnEarlierRecalledLot() throws {
        var scenario = CheckScenario()
        scenario.components = [("LIDO-1-MD", "3")]
        scenario.lots = [
            StockLot(
                id: 1, productCode: "LIDO-1-MD", lotNumber: "RECALLED", expiry: CalendarDate(iso: "2026-12-31")!,
                status: .recalled, onHandML: 20, refusal: .recalled),
            StockLot(
                id: 2, productCode: "LIDO-1-MD", lotNumber: "LATER", expiry: CalendarDate(iso: "2027-09-30")!,
                status: .released, onHandML: 20),
            StockLot(
                id: 3, productCode: "LIDO-1-MD", lotNumber: "SOONER", expiry: CalendarDate(iso: "2027-02-28")!,
                status: .released, onHandML: 22, openVials: [.of(3, id: 30, holding: "2")]),
            StockLot(
                id: 4, productCode: "LIDO-1-MD", lotNumber: "EXPIRED", expiry: CalendarDate(iso: "2026-11-24")!,
                status: .released, onHandML: 20, refusal: .expired),
        ]
        let report = scenario.run()
        #expect(report.verdict == .pass)
        let plan = try #require(report.lotPlan.first)
        // The open vial of SOONER, then a new vial of SOONER, which expires before LATER.
        #expect(plan.draws.map(\.lot.lotNumber) == ["SOONER", "SOONER"])
        #expect(plan.draws.map(\.drawnML) == [2, 1])
        #expect(plan.draws.map(\.vial) == [.open(.of(3, id: 30, holding: "2")), .new])
        #expect(plan.isComplete)
    }

    @Test func singleUseVialsArePlannedWholeWithTheRemainderAsWaste() throws {
        var scenario = CheckScenario()
        scenario.components = [("PDRN-2", "3")]
        let plan = try #require(scenario.run().lotPlan.first)
        #expect(plan.draws.map(\.drawnML) == [4])
        #expect(plan.draws.map(\.wasteML) == [1])
    }

    @Test func blocksComeBeforeWarningsAndWarningsBeforeInformation() {
        var scenario = CheckScenario()
        scenario.medication("aspirin")  // rule 5: warn
        scenario.condition(.other, note: "asthma")  // rule 4: info
        scenario.allergy(compound: "lidocaine", .low)  // rule 1: warn
        scenario.condition(.infection, note: "impetigo")  // rule 4: block
        scenario.lots = []  // rule 8: block
        let report = scenario.run()
        #expect(report.findings.map(\.severity) == [.block, .block, .block, .warn, .warn, .info])
        #expect(report.findings.map(\.rule) == [.contraindication, .stock, .stock, .allergy, .bleedingRisk, .contraindication])
        #expect(report.blocks.count == 3)
        #expect(report.warnings.count == 2)
    }
}
