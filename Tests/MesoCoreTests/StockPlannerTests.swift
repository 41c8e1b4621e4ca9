import Foundation
import MesoCore
import PostgresClient
import Testing

@Suite("FEFO stock planning")
struct StockPlannerTests {
    let today = CalendarDate(iso: "2026-11-25")!
    /// A session in the morning of `today`.
    let sessionAt = Timestamp(iso: "2026-11-25T10:00:00Z")!

    func lot(_ id: Int64, _ expiry: String, _ ml: String, _ status: LotStatus = .released, product: String = "LIDO-1")
        -> StockLot
    {
        StockLot(
            id: id, productCode: product, lotNumber: "L\(id)", expiry: CalendarDate(iso: expiry)!, status: status,
            onHandML: Decimal(exactText: ml)!)
    }

    func ml(_ text: String) -> Decimal { Decimal(exactText: text)! }

    @Test func drawsEarliestExpiryFirstAndSplitsAcrossLots() {
        let lots = [lot(1, "2027-06-30", "10"), lot(2, "2027-01-31", "1.5"), lot(3, "2027-03-31", "5")]
        let plan = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("3"), lots: lots, at: sessionAt)
        #expect(plan.isComplete)
        #expect(plan.draws.map(\.lot.id) == [2, 3])
        #expect(plan.draws.map(\.drawnML) == [ml("1.5"), ml("1.5")])
        #expect(plan.draws.allSatisfy { $0.wasteML == 0 })
    }

    @Test func skipsUnusableLotsEvenWithEarlierExpiry() {
        let lots = [
            lot(1, "2026-12-01", "10", .recalled), lot(2, "2026-12-02", "10", .quarantined),
            lot(3, "2026-12-03", "10", .destroyed), lot(4, "2026-11-24", "10"), lot(5, "2026-11-25", "0"),
            lot(6, "2027-05-01", "10"), lot(7, "2026-11-25", "1", product: "OTHER"),
        ]
        let plan = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("2"), lots: lots, at: sessionAt)
        #expect(plan.draws.map(\.lot.id) == [6])
        #expect(lots[3].usability(at: sessionAt) == .unusable(.expired))
        #expect(lot(8, "2026-11-25", "1").usability(at: sessionAt) == .usable, "usable through its expiry day")
    }

    @Test func shortfallWhenUsableStockIsNotEnough() {
        let lots = [lot(1, "2027-01-01", "1.2"), lot(2, "2026-01-01", "50")]
        let plan = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("2"), lots: lots, at: sessionAt)
        #expect(!plan.isComplete)
        #expect(plan.shortfallML == ml("0.8"))
        #expect(plan.drawnML == ml("1.2"))
    }

    @Test func singleUseVialsAreDrawnWholeAndTheRemainderIsWaste() {
        let lots = [lot(1, "2027-01-01", "2"), lot(2, "2027-02-01", "10")]
        let plan = StockPlanner.plan(
            productCode: "LIDO-1", requiredML: ml("3"), lots: lots, at: sessionAt, singleUseVialML: ml("2"))
        #expect(plan.isComplete)
        #expect(plan.draws.map(\.drawnML) == [ml("2"), ml("2")])
        #expect(plan.draws.map(\.injectedML) == [ml("2"), ml("1")])
        #expect(plan.draws.map(\.wasteML) == [ml("0"), ml("1")])
    }

    @Test func singleUseIgnoresPartialVials() {
        let lots = [lot(1, "2027-01-01", "1.5"), lot(2, "2027-02-01", "4")]
        let plan = StockPlanner.plan(
            productCode: "LIDO-1", requiredML: ml("1"), lots: lots, at: sessionAt, singleUseVialML: ml("2"))
        #expect(plan.draws.map(\.lot.id) == [2])
        #expect(plan.draws.first?.wasteML == ml("1"))
    }

    @Test func chosenLotsKeepThePractitionersOrder() {
        let lots = [lot(1, "2027-06-30", "1"), lot(2, "2027-01-31", "10"), lot(3, "2026-01-01", "10")]
        let plan = StockPlanner.plan(productCode: "LIDO-1", requiredML: ml("3"), chosenLots: lots, at: sessionAt)
        #expect(plan.draws.map(\.lot.id) == [1, 2])
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
