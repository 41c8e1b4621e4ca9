import Foundation
import MesoCore
import PostgresClient
import Testing

/// The pure decision `session record` takes on the facts read under its locks: refusals, the
/// override, and the lots drawn.
@Suite("Session go-ahead")
struct SessionGoAheadTests {
    static func ml(_ text: String) -> Decimal { Decimal(exactText: text)! }

    /// A lot as the database judged it for the session: its status, and expired when its expiry is
    /// before the session's day (2026-11-25). `open` mL of it are in an open vial.
    static func lot(_ id: Int64, _ product: String, _ number: String, expiry: String = "2027-06-30",
                    status: LotStatus = .released, onHand: String = "100", open: String? = nil) -> StockLot {
        let expires = CalendarDate(iso: expiry)!
        let refusal: UnusableReason? =
            status == .released ? (expires < CalendarDate(iso: "2026-11-25")! ? .expired : nil) : UnusableReason(rawValue: status.rawValue)
        return StockLot(
            id: id, productCode: product, lotNumber: number, expiry: expires, status: status, onHandML: ml(onHand),
            receivedAt: StockLot.longAgo, refusal: refusal, openVials: open.map { [.of(id, id: id * 10, holding: $0)] } ?? [])
    }

    func decide(
        _ scenario: CheckScenario, choices: [String] = [], named: [StockLot] = [], overrides: [String] = []
    ) throws(MesoError) -> SessionGoAhead {
        var facts = scenario.facts
        var parsed: [LotRef] = []
        for text in choices { parsed.append(try LotRef(text, field: .lot)) }
        if !parsed.isEmpty {
            facts = facts.choosing(
                try NamedLots.resolve(
                    parsed, read: named, formula: facts.formula, at: CheckScenario.sessionAt, on: facts.sessionDay))
        }
        return try SessionGoAhead.decide(
            facts: facts, report: PreSessionCheck.run(facts, at: CheckScenario.sessionAt),
            overrides: try OverrideRequest.parse(overrides))
    }

    @Test func aPassDrawsTheFEFOPlanAndStoresNoOverride() throws {
        var scenario = CheckScenario()
        scenario.lots = [
            Self.lot(1, "POLYREVIT-5", "PR-LATE", expiry: "2027-09-30", onHand: "50"),
            Self.lot(2, "POLYREVIT-5", "PR-EARLY", expiry: "2027-01-31", onHand: "5"),
            Self.lot(3, "LIDO-1-MD", "LD-A", onHand: "0.4", open: "0.4"),
            Self.lot(4, "LIDO-1-MD", "LD-B", expiry: "2027-08-31", onHand: "20"),
        ]
        let goAhead = try decide(scenario, overrides: ["allergy:not needed"])
        #expect(goAhead.report.verdict == .pass)
        #expect(goAhead.plans == goAhead.report.lotPlan)
        #expect(goAhead.plans.flatMap(\.draws).map(\.lot.lotNumber) == ["PR-EARLY", "LD-A", "LD-B"])
        #expect(goAhead.plans.flatMap(\.draws).map(\.injectedML) == [Self.ml("5"), Self.ml("0.4"), Self.ml("0.6")])
        #expect(goAhead.overrides.isEmpty, "nothing was blocked, so nothing is overridden")
        #expect(goAhead.unusedOverrides.map(\.rule) == [.allergy])
    }

    @Test func aClinicalBlockIsRefusedWithoutAnOverrideAndMarkedLiftedWithOne() throws {
        var scenario = CheckScenario()
        scenario.allergy(group: "amide-anaesthetics", .high)
        scenario.medication("aspirin")
        let refused = refusal { _ = try decide(scenario) }
        #expect(refused?.kind == .refused)
        #expect(
            refused?.message.hasPrefix(
                "Session not recorded: the check blocks it and no override names allergy. Allergy to the group amide-anaesthetics")
                == true, "\(refused as Any)")
        #expect(refused?.message.hasSuffix("give --override \"allergy:REASON\", which is stored with your name.") == true)

        // An override of another rule lifts nothing here.
        let wrongRule = refusal { _ = try decide(scenario, overrides: ["contraindication:surgery was long ago"]) }
        #expect(wrongRule?.kind == .refused)
        #expect(wrongRule?.message.contains("no override names allergy") == true)

        let goAhead = try decide(scenario, overrides: ["allergy:Allergist cleared lidocaine; letter on file"])
        #expect(goAhead.report.verdict == .block)
        #expect(goAhead.overrides.map(\.request.reason) == ["Allergist cleared lidocaine; letter on file"])
        #expect(goAhead.overrides.map(\.positions) == [[1]])
        #expect(goAhead.unusedOverrides.isEmpty)
        #expect(goAhead.findings.map(\.position) == Array(1...goAhead.findings.count))
        #expect(goAhead.findings.filter(\.overridden).map(\.rule) == [.allergy])
        #expect(goAhead.findings.filter { !$0.overridden }.allSatisfy { $0.severity != .block })
        #expect(goAhead.findings.contains { $0.rule == .bleedingRisk && !$0.overridden })
    }

    @Test func noOverrideLiftsAStockBlock() {
        var scenario = CheckScenario()
        scenario.allergy(group: "amide-anaesthetics", .high)
        scenario.lots = [Self.lot(1, "POLYREVIT-5", "PR-1", onHand: "5"), Self.lot(2, "LIDO-1-MD", "LD-1", onHand: "0.5", open: "0.5")]
        let refused = refusal { _ = try decide(scenario, overrides: ["allergy:the patient insists"]) }
        #expect(refused?.kind == .refused)
        #expect(refused?.message.contains("Not enough usable stock of LIDO-1-MD") == true, "\(refused as Any)")
        #expect(refused?.message.hasSuffix("An override could lift the clinical blocks, never a stock or dose-limit block.") == true)
    }

    @Test(arguments: [
        (LotStatus.quarantined, "2027-06-30", "is quarantined: the pharmacist has not released it"),
        (.recalled, "2027-06-30", "is recalled and is never injected"),
        (.destroyed, "2027-06-30", "is destroyed"),
        (.released, "2026-11-24", "expired on 2026-11-24 and cannot be used on 2026-11-25"),
    ])
    func anUnusableLotNamedWithLotIsRefusedWhateverTheOverride(status: LotStatus, expiry: String, why: String) {
        let scenario = CheckScenario()
        let unusable = Self.lot(7, "POLYREVIT-5", "PR-BAD", expiry: expiry, status: status, onHand: status == .destroyed ? "0" : "50")
        for overrides in [[], ["allergy:I know what I am doing"]] {
            let refused = refusal {
                _ = try decide(scenario, choices: ["POLYREVIT-5:PR-BAD"], named: [unusable], overrides: overrides)
            }
            #expect(refused?.kind == .refused)
            #expect(refused?.message == "Session not recorded: --lot POLYREVIT-5:PR-BAD \(why); no override can lift this.")
        }
    }

    @Test func namedLotsAreDrawnInTheOrderNamedAndMustCoverTheVolume() throws {
        var scenario = CheckScenario()
        let early = Self.lot(1, "POLYREVIT-5", "PR-EARLY", expiry: "2027-01-31", onHand: "50")
        let late = Self.lot(2, "POLYREVIT-5", "PR-LATE", expiry: "2027-09-30", onHand: "5")
        let partial = Self.lot(3, "POLYREVIT-5", "PR-PART", expiry: "2027-09-30", onHand: "4.5")
        scenario.lots = [early, late, partial, Self.lot(4, "LIDO-1-MD", "LD-1")]
        let goAhead = try decide(scenario, choices: ["polyrevit-5:PR-LATE"], named: [late])
        #expect(goAhead.plans[0].draws.map(\.lot.lotNumber) == ["PR-LATE"], "not the FEFO lot")
        #expect(goAhead.plans[1].draws.map(\.lot.lotNumber) == ["LD-1"], "components not named stay FEFO")

        // 4.5 mL in a lot of 5 mL single-use vials holds no whole vial.
        let short = refusal { _ = try decide(scenario, choices: ["POLYREVIT-5:PR-PART"], named: [partial]) }
        #expect(short?.kind == .refused)
        #expect(
            short?.message
                == "Session not recorded: the lots named with --lot for POLYREVIT-5 (PR-PART) hold 0.000 mL in whole 5.000 mL vials of the 5.000 mL needed; name another lot as well, or leave --lot out to draw first expiry first out.")
    }

    @Test func aLotOfAnotherProductOrAnUnknownLotIsInvalidBeforeAnyLotIsJudged() {
        let scenario = CheckScenario()
        let recalled = Self.lot(7, "POLYREVIT-5", "PR-BAD", status: .recalled)
        let foreign = refusal {
            _ = try decide(scenario, choices: ["POLYREVIT-5:PR-BAD", "HA-15-2:HA-1"], named: [recalled])
        }
        #expect(foreign?.kind == .invalidInput)
        #expect(
            foreign?.message
                == "--lot HA-15-2:HA-1 is a lot of HA-15-2, which is not in formula TEST-F version 1 (its products: POLYREVIT-5, LIDO-1-MD).")
        let unknown = refusal { _ = try decide(scenario, choices: ["POLYREVIT-5:PR-BAD", "LIDO-1-MD:NOPE"], named: [recalled]) }
        #expect(unknown?.kind == .invalidInput)
        #expect(unknown?.message == "--lot LIDO-1-MD:NOPE: LIDO-1-MD has no lot NOPE.")
    }

    @Test func requestsAreCheckedBeforeAnythingIsRead() {
        // How far ahead --at may be, the database says on its own clock (SessionCommandTests).
        let now = Timestamp(iso: "2026-11-25T10:00:00Z")!
        let past = refusal { _ = try SessionRequest(patient: "MRN-1", formula: "F", at: Timestamp(iso: "2025-11-20T10:00:00Z")!, now: now) }
        #expect(past?.message == "--at 2025-11-20T10:00:00Z is more than a year ago: check the date of the session.")
        let twice = refusal { _ = try SessionRequest(patient: "MRN-1", formula: "F", lots: ["P:L1", "p:L1"], now: now) }
        #expect(twice?.message == "--lot P:L1 is named twice.")
        let shape = refusal { _ = try LotRef("PR-4471", field: .lot) }
        #expect(shape?.message == "--lot must name a lot as PRODUCT:LOT, such as POLYREVIT-5:PR-4471.")
        let choice = try? LotRef("polyrevit-5:ab:12", field: .lot)
        #expect(choice?.productCode == "POLYREVIT-5")
        #expect(choice?.lotNumber == "ab:12", "a lot number keeps its case and may hold ':'")
    }
}
