import Foundation
import MesoCore
import PostgresClient
import Testing

/// A session back-dated to before a lot arrived cannot have drawn it: the planner, the check and
/// `--lot` all set such a lot aside, with the clock tolerance as the only slack.
@Suite("Lots not yet received at the session's time")
struct StockPlannerReceiptTests {
    static let sessionAt = CheckScenario.sessionAt
    static func ml(_ text: String) -> Decimal { Decimal(exactText: text)! }

    static func lot(
        _ id: Int64, _ number: String, product: String = "LIDO-1-MD", expiry: String, onHand: String = "20",
        receivedAt: Timestamp
    ) -> StockLot {
        StockLot(
            id: id, productCode: product, lotNumber: number, expiry: CalendarDate(iso: expiry)!, status: .released,
            onHandML: ml(onHand), receivedAt: receivedAt)
    }

    /// A lot that arrived two days after the session, with the earliest expiry: FEFO's first pick
    /// on any later day.
    static let arrivedLater = lot(1, "LATER", expiry: "2027-01-31", receivedAt: sessionAt.adding(seconds: 2 * 86_400))
    static let alreadyThere = lot(2, "OLDER", expiry: "2027-09-30", receivedAt: sessionAt.adding(seconds: -30 * 86_400))

    @Test func fefoSkipsALotReceivedAfterTheSessionAndDrawsAnOlderOne() {
        let lots = [Self.arrivedLater, Self.alreadyThere]
        let backDated = StockPlanner.plan(
            productCode: "LIDO-1-MD", requiredML: Self.ml("3"), lots: lots, at: Self.sessionAt)
        #expect(backDated.isComplete)
        #expect(backDated.draws.map(\.lot.lotNumber) == ["OLDER"])
        #expect(Self.arrivedLater.usability(at: Self.sessionAt) == .unusable(.notYetReceived))

        // Once it has arrived, it is the first expiry and FEFO takes it.
        let later = Self.sessionAt.adding(seconds: 3 * 86_400)
        #expect(
            StockPlanner.plan(productCode: "LIDO-1-MD", requiredML: Self.ml("3"), lots: lots, at: later)
                .draws.map(\.lot.lotNumber) == ["LATER"])
    }

    @Test func tenMinutesOfClockDifferenceCountAsAlreadyReceived() {
        let tolerance = ClockTolerance.seconds
        #expect(tolerance == 600)
        let atTheEdge = Self.lot(3, "EDGE", expiry: "2027-01-31", receivedAt: Self.sessionAt.adding(seconds: tolerance))
        #expect(atTheEdge.usability(at: Self.sessionAt) == .usable, "received exactly 10 minutes after: within the tolerance")
        let justBeyond = Self.lot(
            4, "BEYOND", expiry: "2027-01-31",
            receivedAt: Timestamp(microsecondsSinceEpoch: Self.sessionAt.adding(seconds: tolerance).microsecondsSinceEpoch + 1))
        #expect(justBeyond.usability(at: Self.sessionAt) == .unusable(.notYetReceived))
        #expect(
            StockPlanner.plan(
                productCode: "LIDO-1-MD", requiredML: Self.ml("1"), lots: [justBeyond, atTheEdge], at: Self.sessionAt
            ).draws.map(\.lot.lotNumber) == ["EDGE"])
    }

    @Test func statusComesFirstThenReceiptThenExpiry() {
        // One reason is given, the first that applies: a quarantined lot is quarantined whenever it
        // arrived; a lot not yet received is that, even if it would be expired too.
        let quarantined = StockLot(
            id: 5, productCode: "LIDO-1-MD", lotNumber: "Q", expiry: CalendarDate(iso: "2027-01-31")!, status: .quarantined,
            onHandML: 20, receivedAt: Self.sessionAt.adding(seconds: 86_400))
        #expect(quarantined.usability(at: Self.sessionAt) == .unusable(.quarantined))
        let expiredAndLater = Self.lot(
            6, "X", expiry: "2026-11-24", receivedAt: Self.sessionAt.adding(seconds: 86_400))
        #expect(expiredAndLater.usability(at: Self.sessionAt) == .unusable(.notYetReceived))
        #expect(UnusableReason.notYetReceived.rawValue == "not-yet-received")
    }

    @Test func theCheckBlocksOnStockAndNamesTheLotNotYetReceived() throws {
        var scenario = CheckScenario()
        scenario.components = [("LIDO-1-MD", "1")]
        scenario.lots = [Self.arrivedLater]
        let report = scenario.run()
        #expect(report.verdict == .block)
        let finding = try #require(report.findings(.stock).first)
        #expect(!finding.overridable)
        #expect(finding.message.contains("lot LATER not yet received at the session's time \(Self.sessionAt)"), "\(finding.message)")

        // Two days later the same facts pass.
        #expect(scenario.run(at: Self.sessionAt.adding(seconds: 3 * 86_400)).verdict == .pass)
    }

    @Test func aLotNamedWithLotThatWasNotYetReceivedIsRefused() throws {
        var scenario = CheckScenario()
        scenario.components = [("LIDO-1-MD", "1")]
        scenario.lots = [Self.arrivedLater, Self.alreadyThere]
        let facts = scenario.facts
        let choice = try LotChoice("LIDO-1-MD:LATER")
        let error = #expect(throws: MesoError.self) {
            try SessionGoAhead.decide(
                facts: facts, report: PreSessionCheck.run(facts, at: Self.sessionAt), choices: [choice],
                namedLots: [Self.arrivedLater])
        }
        #expect(error?.kind == .refused)
        #expect(
            error?.message.contains("--lot LIDO-1-MD:LATER was not yet received at the session's time \(Self.sessionAt)") == true,
            "\(String(describing: error))")
    }
}
