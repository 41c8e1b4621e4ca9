import Foundation
import MesoCore
import PostgresClient
import Testing

/// The check on the records a clinic really keeps: records judged as they stood on the session's
/// clinic day, amended allergies, the soft paraben link, reactions and intervals both ways. Each
/// rule with a case it must flag and a look-alike it must not.
@Suite("Pre-session check: records as they stood")
struct PreSessionRecordTests {
    static func day(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// A condition recorded after the session checked (a session typed in after the fact).
    static func condition(_ kind: ConditionKind, onset: String?, endedOn: String? = nil, id: Int64 = 1) -> PatientCondition {
        PatientCondition(
            id: id, kind: kind, onset: onset.map(day), note: "noted",
            recordedAt: CheckScenario.sessionAt.adding(seconds: 3 * 86_400), recordedBy: "test", endedOn: endedOn.map(day))
    }

    @Test(arguments: [
        ("2026-11-26", true),  // ends the day after the session: it stood on the session's day
        ("2026-11-25", false),  // ends on the session's day: it counts for sessions before that day only
        ("2026-11-01", false),
    ])
    func anEndedConditionCountsOnlyBeforeItsEnd(endedOn: String, blocks: Bool) {
        var scenario = CheckScenario()
        scenario.conditions = [Self.condition(.infection, onset: "2026-11-01", endedOn: endedOn)]
        #expect(scenario.run().verdict == (blocks ? .block : .pass), "\(endedOn)")
    }

    @Test(arguments: [("2026-11-25", true), ("2026-11-26", false)])
    func aConditionThatBeganAfterTheSessionsDayDoesNotApply(onset: String, blocks: Bool) {
        var scenario = CheckScenario()
        scenario.conditions = [Self.condition(.skinDisease, onset: onset)]
        #expect(scenario.run().verdict == (blocks ? .block : .pass), "\(onset)")
    }

    @Test func aConditionWithoutOnsetCountsWhateverDayItWasRecorded() {
        // Rosacea recorded three days after the session, with no onset: it was there then too.
        var scenario = CheckScenario()
        scenario.conditions = [Self.condition(.skinDisease, onset: nil)]
        #expect(scenario.run().verdict == .block)
        // Unless it ended by then.
        scenario.conditions = [Self.condition(.skinDisease, onset: nil, endedOn: "2026-11-20")]
        #expect(scenario.run().verdict == .pass)
    }

    @Test func endingAFacialSurgerysRecordDoesNotShortenItsFourMonths() throws {
        var scenario = CheckScenario()
        scenario.conditions = [Self.condition(.facialSurgery, onset: "2026-09-01", endedOn: "2026-09-15")]
        let finding = try #require(scenario.run().findings(.contraindication).first)
        #expect(finding.severity == .block)
        #expect(finding.message.text.contains("recorded as ended on 2026-09-15"))
        // An operation dated after the session's day (a back-dated check) is not yet one.
        scenario.conditions = [Self.condition(.facialSurgery, onset: "2026-11-26")]
        #expect(scenario.run().verdict == .pass)
    }

    @Test func theSessionsClinicDayDecidesNotItsUTCDay() {
        // 2026-11-25T10:00Z is already the 26th in a clinic far east of UTC: a condition that ended on
        // the 26th no longer applies there.
        var scenario = CheckScenario()
        scenario.conditions = [Self.condition(.infection, onset: "2026-11-01", endedOn: "2026-11-26")]
        #expect(scenario.run().verdict == .block)
        scenario.sessionDay = Self.day("2026-11-26")
        #expect(scenario.run().verdict == .pass)
    }

    @Test func anEnteredInErrorOnlyListIsUnassessedButARefutedOneIsNot() throws {
        var scenario = CheckScenario()
        scenario.allergy(compound: "lidocaine", .high, .enteredInError)
        let finding = try #require(scenario.run().findings(.allergyAssessment).first)
        #expect(finding.severity == .warn)
        #expect(finding.message.text.contains("entered in error"))
        // One refuted record beside it is an assessment: nothing to say.
        scenario.allergy(compound: "thiamine", .high, .refuted)
        #expect(scenario.run().findings.isEmpty)
        // And a patient never asked warns as before.
        var unasked = CheckScenario()
        unasked.assessment = .unknown
        #expect(unasked.run().findings(.allergyAssessment).count == 1)
    }

    @Test(arguments: [AllergyCriticality.high, .low, .unableToAssess])
    func anEsterAllergyWarnsButNeverBlocksForAParabenExcipient(criticality: AllergyCriticality) throws {
        var scenario = CheckScenario()  // LIDO-1-MD carries methylparaben
        scenario.allergy(compound: "procaine", criticality)
        let report = scenario.run()
        let finding = try #require(report.findings(.allergy).first)
        #expect(report.findings(.allergy).count == 1)
        #expect(finding.severity == .warn)
        #expect(finding.compoundCode == "methylparaben")
        #expect(finding.message.text.contains("disputed"))
        #expect(report.verdict == .warn)
    }

    @Test func theSoftLinkNeedsAParabenAndAnEsterAllergy() {
        // No paraben in the cocktail: nothing.
        var plain = CheckScenario()
        plain.components = [("POLYREVIT-5", "5"), ("LIDO-2-MPF", "1")]
        plain.allergy(group: "ester-anaesthetics", .high)
        #expect(plain.run().findings.isEmpty)
        // An amide allergy is no PABA allergy: the paraben is not its concern (lidocaine is).
        var amide = CheckScenario()
        amide.allergy(compound: "articaine", .low)
        #expect(amide.run().findings(.allergy).map(\.compoundCode) == ["lidocaine"])
        // A paraben allergy itself blocks, once, without a softer finding beside it.
        var both = CheckScenario()
        both.allergy(group: "ester-anaesthetics", .high)
        both.allergy(group: "parabens", .high)
        #expect(both.run().findings(.allergy).map(\.severity) == [.block])
    }

    static func reaction(compounds: [String], kind: AdverseEvent.Kind = .allergicReaction) -> PastReaction {
        PastReaction(
            eventID: 7, kind: kind, severity: .moderate, sessionID: 12, sessionOn: day("2026-10-01"), compounds: compounds)
    }

    @Test func aReactionAfterASessionSharingACompoundBlocksUntilAssessed() throws {
        var scenario = CheckScenario()
        scenario.reactions = [Self.reaction(compounds: ["lidocaine", "methylparaben", "sodium-chloride"])]
        let report = scenario.run()
        let finding = try #require(report.findings(.reaction).first)
        #expect(finding.severity == .block)
        #expect(finding.overridable)
        #expect(finding.message.text.contains("Adverse event 7 (allergic-reaction, moderate)"))
        #expect(finding.message.text.contains("session 12 on 2026-10-01"))
        #expect(finding.message.text.contains("lidocaine, methylparaben"))
        #expect(!finding.message.text.contains("sodium-chloride"), "saline is no allergen")
        #expect(report.verdict == .block)
    }

    @Test func theSharedListNamesTheCompoundsOfAnAllergenGroupFirst() throws {
        // The earlier session shared the whole cocktail: the compounds of an allergen group (the likely
        // culprits) lead the list, the hyaluronic acid of no group comes after them.
        var scenario = CheckScenario()
        scenario.reactions = [Self.reaction(compounds: scenario.facts.composition.ingredients.map(\.compound.code))]
        let finding = try #require(scenario.run().findings(.reaction).first)
        #expect(finding.message.text.contains("shares thiamine, lidocaine, methylparaben, ha-nonanimal with"), "\(finding.message)")
    }

    @Test func aReactionAfterASessionSharingNoCompoundDoesNotBlock() {
        var scenario = CheckScenario()
        scenario.components = [("POLYREVIT-5", "5")]
        // The earlier session shared only saline with this cocktail.
        scenario.reactions = [Self.reaction(compounds: ["procaine", "sodium-chloride"])]
        #expect(scenario.run().verdict == .pass)
    }

    @Test func theIntervalIsCheckedOnBothSidesOfTheSession() throws {
        var later = CheckScenario()
        later.session(daysBefore: -5)  // a session 5 days after the one typed in
        let finding = try #require(later.run().findings(.interval).first)
        #expect(finding.severity == .warn)
        #expect(finding.message.text.contains("later session"))
        #expect(finding.message.text.contains("5 days after this one"))

        var farLater = CheckScenario()
        farLater.session(daysBefore: -15)  // exactly the interval: clear
        #expect(farLater.run().findings.isEmpty)

        var between = CheckScenario()
        between.session(daysBefore: 14)
        between.session(daysBefore: -14)
        #expect(between.run().findings(.interval).count == 2)
    }
}
