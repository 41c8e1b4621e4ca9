import Foundation
import MesoCore
import PostgresClient
import Testing

/// Local anaesthetic dose limits summed the way toxicity adds up, per patient and clinic day. The
/// scenario's patient weighs 10 kg: lidocaine's plain limit is 45 mg (4.5 mg/kg), its limit with a
/// vasoconstrictor 70 mg (7 mg/kg); procaine's 70 mg.
@Suite("Pre-session check: dose limits summed over the day")
struct PreSessionDoseTests {
    static func scenario(_ components: [(String, String)]) -> CheckScenario {
        var scenario = CheckScenario()
        scenario.weightKG = 10
        scenario.components = components
        return scenario
    }

    @Test func aSumOfExactlyOnePassesAndOneHundredthMoreBlocks() throws {
        // 4.5 mL of lidocaine 10 mg/mL = 45 mg = the limit.
        #expect(Self.scenario([("LIDO-1-MD", "4.5")]).run().findings(.doseLimit).isEmpty)
        // 4.545 mL = 45.45 mg = 1.01 of it.
        let report = Self.scenario([("LIDO-1-MD", "4.545")]).run()
        let finding = try #require(report.findings(.doseLimit).first)
        #expect(finding.severity == .block)
        #expect(!finding.overridable, "no override lifts a dose-limit block")
        #expect(!report.overridable)
        #expect(finding.message.text.contains("lidocaine 45.450 mg in LIDO-1-MD, 101.0 % of 45.000 mg"))
        #expect(finding.message.text.contains("It fits with at least 0.045 mL less of LIDO-1-MD (4.500 mL instead of 4.545)"))
    }

    @Test func theToxicityOfTwoAnaestheticsAddsUp() throws {
        // 3 mL of lidocaine 10 mg/mL (30 of 45 mg) and 2.5 mL of procaine 20 mg/mL (50 of 70 mg): each
        // alone is under its limit, together 138 %.
        let alone = Self.scenario([("LIDO-1-MD", "3")]).run()
        #expect(alone.findings(.doseLimit).isEmpty)
        let report = Self.scenario([("LIDO-1-MD", "3"), ("PROC-2-2", "2.5")]).run()
        let finding = try #require(report.findings(.doseLimit).first)
        #expect(finding.severity == .block)
        #expect(finding.message.text.contains("their toxicity adds up"))
        #expect(finding.message.text.contains("lidocaine 30.000 mg in LIDO-1-MD, 66.7 %"))
        #expect(finding.message.text.contains("procaine 50.000 mg in PROC-2-2, 71.4 %"))
        #expect(finding.message.text.contains("together 138.1 % of the limit"))
        #expect(finding.message.text.contains("mL less of LIDO-1-MD"))
        #expect(finding.message.text.contains("mL less of PROC-2-2"))
    }

    @Test(arguments: [("LIDO-EPI5", false), ("LIDO-EPI-MG", false), ("LIDO-EPI49", true)])
    func theRaisedLimitNeedsEpinephrineAtFiveMicrogramsPerMLInTheSameProduct(product: String, blocks: Bool) {
        // 5 mL = 50 mg: over the plain 45 mg, under the 70 mg with a vasoconstrictor.
        let report = Self.scenario([(product, "5")]).run()
        #expect(report.verdict == (blocks ? .block : .pass), "\(product)")
    }

    @Test func epinephrineElsewhereInTheCocktailDoesNotRaiseTheLimit() throws {
        // 2.5 mL of lidocaine 20 mg/mL = 50 mg, plain, beside a product that carries epinephrine alone.
        let report = Self.scenario([("LIDO-2-MPF", "2.5"), ("EPI-TRACE", "1")]).run()
        let finding = try #require(report.findings(.doseLimit).first)
        #expect(finding.severity == .block)
        #expect(finding.message.text.contains("the plain limit"))
    }

    @Test func theDaysOtherSessionsCountAndTheMessageNamesThem() throws {
        // 20 mg now: 44 % alone; with the 30 mg of session 77 earlier that day, 111 %.
        var scenario = Self.scenario([("LIDO-2-MPF", "1")])
        #expect(scenario.run().findings(.doseLimit).isEmpty)
        scenario.sameDayDoses = [
            DayDose(sessionID: 77, productCode: "LIDO-1-MD", compoundCode: "lidocaine", amount: 30, unit: .mg)
        ]
        let finding = try #require(scenario.run().findings(.doseLimit).first)
        #expect(finding.severity == .block)
        #expect(finding.message.text.contains("lidocaine 30.000 mg given earlier today in session 77 (LIDO-1-MD), 66.7 %"))
        #expect(finding.message.text.contains("It fits with at least 0.250 mL less of LIDO-2-MPF"))

        // What the earlier sessions gave alone reaches the limit: nothing fits.
        scenario.sameDayDoses = [
            DayDose(sessionID: 77, productCode: "LIDO-1-MD", compoundCode: "lidocaine", amount: 45, unit: .mg)
        ]
        #expect(try #require(scenario.run().findings(.doseLimit).first).message.text.contains("none of it fits today"))

        // Earlier doses of the day do not block a cocktail without anaesthetic.
        scenario.components = [("POLYREVIT-5", "5")]
        #expect(scenario.run().findings.isEmpty)
    }

    @Test func anEarlierSessionWithEpinephrineIsJudgedByItsOwnLimit() {
        // 50 mg given earlier with epinephrine 10 µg/mL: 71 % of 70 mg; 10 mg now: 22 % of 45 mg.
        var scenario = Self.scenario([("LIDO-2-MPF", "0.5")])
        scenario.sameDayDoses = [
            DayDose(
                sessionID: 78, productCode: "LIDO-EPI-1-MD", compoundCode: "lidocaine", amount: 50, unit: .mg,
                epinephrineUGPerML: 10)
        ]
        #expect(scenario.run().findings(.doseLimit).isEmpty)
    }

    @Test func aLocalAnaestheticWithoutALimitWarnsThatItCouldNotBeChecked() throws {
        var scenario = Self.scenario([("MEPI-1-MD", "1")])
        let finding = try #require(scenario.run().findings(.doseLimit).first)
        #expect(finding.severity == .warn)
        #expect(finding.compoundCode == "mepivacaine")
        #expect(finding.message.text.contains("no plain dose limit on file"))
        // Once a limit is on file, nothing to say.
        scenario.doseLimits.append(DoseLimit(compoundCode: "mepivacaine", mgPerKG: 6.6, maxMG: 400))
        #expect(scenario.run().findings(.doseLimit).isEmpty)
    }

    @Test func unknownWeightWarnsOnceAndTheCapsStillApply() throws {
        var scenario = Self.scenario([("LIDO-1-MD", "1"), ("PROC-2-2", "1")])
        scenario.weightKG = nil
        let findings = scenario.run().findings(.doseLimit)
        #expect(findings.map(\.severity) == [.warn])
        #expect(try #require(findings.first).message.text.contains("lidocaine, procaine"))
        // 200 mg of lidocaine (of the 300 mg cap) and 200 mg of procaine (of its 350 mg cap): 124 %.
        scenario.components = [("LIDO-2-MPF", "10"), ("PROC-2-2", "10")]
        let block = try #require(scenario.run().findings(.doseLimit).first { $0.severity == .block })
        #expect(block.message.text.contains("the cap of 300.000 mg, the weight being unknown"))
    }
}
