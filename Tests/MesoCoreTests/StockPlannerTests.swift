import Foundation
import MesoCore
import PostgresClient
import Testing

/// The planner over the facts the database judged (Schema/0015): open vials first, first beyond-use
/// day first, then sealed vials first expiry first out; single-use vials whole.
@Suite("Stock planning, vial by vial")
struct StockPlannerTests {
    static let lido = VialKind.multiDose(vialML: 20)

    func lot(
        _ id: Int64, _ expiry: String, _ ml: String, refusal: UnusableReason? = nil, product: String = "LIDO-1",
        open: [OpenVial] = []
    ) -> StockLot {
        StockLot(
            id: id, productCode: product, lotNumber: "L\(id)", expiry: CalendarDate(iso: expiry)!, status: .released,
            onHandML: Decimal(exactText: ml)!, refusal: refusal, openVials: open)
    }

    func ml(_ text: String) -> Decimal { Decimal(exactText: text)! }

    /// Which vial each draw takes from, as "L<lot>:open <id>" or "L<lot>:new".
    func vials(_ plan: ComponentPlan) -> [String] {
        plan.draws.map { draw in
            switch draw.vial {
            case .open(let vial): return "\(draw.lot.lotNumber):open \(vial.id)"
            case .new: return "\(draw.lot.lotNumber):new"
            case .whole(let count): return "\(draw.lot.lotNumber):\(count) whole"
            }
        }
    }

    @Test func openVialsComeFirstBeyondUseDayFirstThenSealedVialsFirstExpiryFirstOut() {
        // Lot 1 expires later but its open vial must go sooner than lot 2's.
        let lots = [
            lot(1, "2027-06-30", "43", open: [.of(1, id: 10, holding: "3", until: "2026-12-01")]),
            lot(2, "2027-01-31", "25", open: [.of(2, id: 11, holding: "5", until: "2026-12-05")]),
            lot(3, "2026-12-31", "20"),
        ]
        let plan = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("10"), lots: lots, vials: Self.lido)
        #expect(plan.isComplete)
        #expect(vials(plan) == ["L1:open 10", "L2:open 11", "L3:new"])
        #expect(plan.draws.map(\.drawnML) == [ml("3"), ml("5"), ml("2")])
        #expect(plan.draws.allSatisfy { $0.wasteML == 0 })
    }

    @Test func aNewVialIsOpenedOnlyWhenNeededAndASplitDrawFinishesOneVialAndOpensTheNext() {
        let lots = [lot(1, "2027-06-30", "60", open: [.of(1, id: 10, holding: "20")])]
        // The open vial alone suffices: nothing new is opened.
        #expect(vials(StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("20"), lots: lots, vials: Self.lido)) == ["L1:open 10"])
        // 45 mL: the open vial, a whole new one, and 5 mL of the next.
        let split = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("45"), lots: lots, vials: Self.lido)
        #expect(vials(split) == ["L1:open 10", "L1:new", "L1:new"])
        #expect(split.draws.map(\.drawnML) == [ml("20"), ml("20"), ml("5")])
        // 65 mL is more than the lot holds: short by 5, however the vials are split.
        let short = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("65"), lots: lots, vials: Self.lido)
        #expect(short.shortfallML == ml("5"))
        #expect(short.injectedML == ml("60"))
    }

    @Test func whatTheRuleRefusesIsSetAsideBeforeOrdering() {
        let lots = [
            lot(1, "2026-12-01", "20", refusal: .recalled), lot(2, "2026-12-02", "20", refusal: .quarantined),
            lot(3, "2026-11-24", "20", refusal: .expired),
            // An open vial past its beyond-use day: never drawn; the lot's sealed vial is opened instead.
            lot(4, "2027-05-01", "29", open: [.of(4, id: 40, holding: "9", until: "2026-11-20", refusal: .beyondUse)]),
            lot(5, "2026-11-25", "1", product: "OTHER"),
        ]
        let plan = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("2"), lots: lots, vials: Self.lido)
        #expect(vials(plan) == ["L4:new"])
        let onlyThePastVial = [lot(6, "2027-05-01", "9", open: [.of(6, id: 60, holding: "9", refusal: .beyondUse)])]
        let none = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("2"), lots: onlyThePastVial, vials: Self.lido)
        #expect(none.draws.isEmpty && none.shortfallML == ml("2"))
        #expect(onlyThePastVial[0].unusableReason == .beyondUse)
        #expect(onlyThePastVial[0].drawableML == 0)
    }

    @Test func singleUseVialsAreDrawnWholeAndTheRemainderIsWaste() {
        let kind = VialKind.singleUse(vialML: 2)
        let lots = [lot(1, "2027-01-01", "2"), lot(2, "2027-02-01", "10")]
        let plan = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("3"), lots: lots, vials: kind)
        #expect(plan.isComplete)
        #expect(vials(plan) == ["L1:1 whole", "L2:1 whole"])
        #expect(plan.draws.map(\.injectedML) == [ml("2"), ml("1")])
        #expect(plan.draws.map(\.wasteML) == [ml("0"), ml("1")])
        // A part of a vial is not a vial.
        let partial = StockPlanner.plan(
            productCode: "LIDO-1", requiredML: ml("1"), lots: [lot(1, "2027-01-01", "1.5"), lot(2, "2027-02-01", "4")],
            vials: kind)
        #expect(vials(partial) == ["L2:1 whole"])
        #expect(partial.draws.first?.wasteML == ml("1"))
    }

    @Test func namedLotsAreDrawnInTheOrderNamedEachOpenVialsFirst() {
        let lots = [
            lot(1, "2027-06-30", "21", open: [.of(1, id: 10, holding: "1")]),
            lot(2, "2027-01-31", "20"),
            lot(3, "2026-01-01", "20", refusal: .expired),
        ]
        let plan = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("3"), chosenLots: lots, vials: Self.lido)
        #expect(vials(plan) == ["L1:open 10", "L1:new"], "not lot 2, whose expiry comes first")
        #expect(plan.isComplete)
    }

    @Test func fixedScaleFormattingRoundsHalfUpOnDigits() {
        #expect(ml("2.5").fixed(scale: 3) == "2.500")
        #expect(ml("1.2345").fixed(scale: 3) == "1.235")
        #expect(ml("9.9995").fixed(scale: 3) == "10.000")
        #expect(ml("-0.0004").fixed(scale: 3) == "0.000")
        #expect(ml("-1.5").fixed(scale: 0) == "-2")
        #expect(ml("12345678901234567890.0123456789").fixed(scale: 3) == "12345678901234567890.012")
    }
}
