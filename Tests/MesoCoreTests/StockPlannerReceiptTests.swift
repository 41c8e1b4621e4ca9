import Foundation
import MesoCore
import PostgresClient
import Testing

/// A session recorded after the fact is planned from the lots in the clinic at its time first; a lot
/// received since is drawn only when they do not suffice, and the check says so, with the clock
/// tolerance as the only slack.
@Suite("Lots received after the session's time")
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

    @Test func fefoPrefersALotThatWasThereToOneReceivedSince() {
        let lots = [Self.arrivedLater, Self.alreadyThere]
        let backDated = StockPlanner.plan(
            productCode: "LIDO-1-MD", requiredML: Self.ml("3"), lots: lots, at: Self.sessionAt)
        #expect(backDated.isComplete)
        #expect(backDated.draws.map(\.lot.lotNumber) == ["OLDER"])
        #expect(!Self.arrivedLater.hadArrived(by: Self.sessionAt))
        #expect(Self.arrivedLater.usability(at: Self.sessionAt) == .usable)

        // More than the older lot holds: it is drawn first, then the one received since.
        let more = StockPlanner.plan(
            productCode: "LIDO-1-MD", requiredML: Self.ml("25"), lots: lots, at: Self.sessionAt)
        #expect(more.draws.map(\.lot.lotNumber) == ["OLDER", "LATER"])

        // Once it has arrived, it is the first expiry and FEFO takes it.
        let later = Self.sessionAt.adding(seconds: 3 * 86_400)
        #expect(
            StockPlanner.plan(productCode: "LIDO-1-MD", requiredML: Self.ml("3"), lots: lots, at: later)
                .draws.map(\.lot.lotNumber) == ["LATER"])
    }

    @Test func tenMinutesOfClockDifferenceCountAsAlreadyReceived() {
        let tolerance = ClockTolerance.seconds
        #expect(tolerance == 600)
        let atTheEdge = Self.lot(3, "EDGE", expiry: "2027-02-28", receivedAt: Self.sessionAt.adding(seconds: tolerance))
        #expect(atTheEdge.hadArrived(by: Self.sessionAt), "received exactly 10 minutes after: within the tolerance")
        let justBeyond = Self.lot(
            4, "BEYOND", expiry: "2027-01-31",
            receivedAt: Timestamp(microsecondsSinceEpoch: Self.sessionAt.adding(seconds: tolerance).microsecondsSinceEpoch + 1))
        #expect(!justBeyond.hadArrived(by: Self.sessionAt))
        #expect(
            StockPlanner.plan(
                productCode: "LIDO-1-MD", requiredML: Self.ml("1"), lots: [justBeyond, atTheEdge], at: Self.sessionAt
            ).draws.map(\.lot.lotNumber) == ["EDGE"])
    }

    @Test func theCheckSaysWhichLotItCanOnlyTakeFromLaterDeliveriesAndPassesAllTheSame() throws {
        var scenario = CheckScenario()
        scenario.components = [("LIDO-1-MD", "1")]
        scenario.lots = [Self.arrivedLater]
        let report = scenario.run()
        #expect(report.verdict == .pass)
        let finding = try #require(report.findings(.stock).first)
        #expect(finding.severity == .info)
        #expect(finding.lotNumber == "LATER" && finding.lotID == 1)
        #expect(
            finding.message
                == "Lot LATER of LIDO-1-MD was received at \(Self.arrivedLater.receivedAt), after the session's time \(Self.sessionAt): if the notes name another lot, give it with --lot.")

        // Two days later the same facts say nothing.
        #expect(scenario.run(at: Self.sessionAt.adding(seconds: 3 * 86_400)).findings(.stock).isEmpty)
    }
}
