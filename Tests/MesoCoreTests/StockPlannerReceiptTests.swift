import Foundation
import MesoCore
import PostgresClient
import Testing

/// A session recorded after the fact is planned from the vials in the clinic at its time first; vials
/// that came with a receipt since are drawn only when those do not suffice, and the check says so.
/// (Which receipts count as arrived, within the clock tolerance, the database says: StockFactsTests.)
@Suite("Vials received after the session's time")
struct StockPlannerReceiptTests {
    static let sessionAt = CheckScenario.sessionAt
    static func ml(_ text: String) -> Decimal { Decimal(exactText: text)! }

    static func lot(
        _ id: Int64, _ number: String, product: String = "LIDO-1-MD", expiry: String, onHand: String = "20",
        receivedAt: Timestamp, arrivedSealed: String? = nil, since: Timestamp? = nil
    ) -> StockLot {
        StockLot(
            id: id, productCode: product, lotNumber: number, expiry: CalendarDate(iso: expiry)!, status: .released,
            onHandML: ml(onHand), receivedAt: receivedAt, arrivedSealedML: arrivedSealed.map(ml), receivedSinceAt: since)
    }

    /// A lot that arrived two days after the session, with the earliest expiry: FEFO's first pick
    /// on any later day.
    static let later = sessionAt.adding(seconds: 2 * 86_400)
    static let arrivedLater = lot(1, "LATER", expiry: "2027-01-31", receivedAt: later, since: later)
    static let alreadyThere = lot(2, "OLDER", expiry: "2027-09-30", receivedAt: sessionAt.adding(seconds: -30 * 86_400))
    static let lido = VialKind.multiDose(vialML: 20)

    @Test func fefoPrefersVialsThatWereThereToOnesReceivedSince() {
        let lots = [Self.arrivedLater, Self.alreadyThere]
        let backDated = StockPlanner.plan(productCode: "LIDO-1-MD", requiredML: Self.ml("3"), lots: lots, vials: Self.lido)
        #expect(backDated.isComplete)
        #expect(backDated.draws.map(\.lot.lotNumber) == ["OLDER"])
        #expect(!Self.arrivedLater.hadArrived)

        // More than the older lot holds: it is drawn first, then the one received since.
        let more = StockPlanner.plan(productCode: "LIDO-1-MD", requiredML: Self.ml("25"), lots: lots, vials: Self.lido)
        #expect(more.draws.map(\.lot.lotNumber) == ["OLDER", "LATER"])
        #expect(more.draws.map(\.arrivedByThen) == [true, false])
    }

    @Test func aLotReceivedAgainSinceOffersOnlyItsEarlierVialsFirst() {
        // Two vials arrived before the session, three with a receipt since: 60 mL of 100 came later.
        let repeated = Self.lot(
            3, "AGAIN", expiry: "2027-01-31", onHand: "100", receivedAt: Self.sessionAt.adding(seconds: -86_400),
            arrivedSealed: "40", since: Self.later)
        let other = Self.lot(4, "OTHER", expiry: "2027-12-31", onHand: "20", receivedAt: Self.sessionAt.adding(seconds: -86_400))
        let plan = StockPlanner.plan(
            productCode: "LIDO-1-MD", requiredML: Self.ml("70"), lots: [repeated, other], vials: Self.lido)
        // AGAIN's two vials, then OTHER's (there at the time), then AGAIN's later ones.
        #expect(plan.draws.map(\.lot.lotNumber) == ["AGAIN", "AGAIN", "OTHER", "AGAIN"])
        #expect(plan.draws.map(\.arrivedByThen) == [true, true, true, false])
        #expect(plan.isComplete)
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
            finding.message.text
                == "Lot LATER of LIDO-1-MD was received at \(Self.arrivedLater.receivedAt), after the session's time \(Self.sessionAt): if the notes name another lot, give it with --lot.")

        // A lot on file before the session whose vials drawn came with a later receipt says which.
        scenario.lots = [
            Self.lot(
                5, "AGAIN", expiry: "2027-01-31", onHand: "20", receivedAt: Self.sessionAt.adding(seconds: -86_400),
                arrivedSealed: "0", since: Self.later)
        ]
        let again = try #require(scenario.run().findings(.stock).first)
        #expect(
            again.message.text
                == "Lot AGAIN of LIDO-1-MD: the vials drawn arrived with its receipt of \(Self.later), after the session's time \(Self.sessionAt): if the notes name another lot, give it with --lot.")

        // Arrived by then: nothing to say.
        scenario.lots = [Self.alreadyThere]
        #expect(scenario.run().findings(.stock).isEmpty)
    }
}
