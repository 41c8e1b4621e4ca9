#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// One lot's part in a component's plan.
public struct LotDraw: Sendable, Hashable {
    public let lot: StockLot
    /// Taken out of the lot: the volume injected plus, for single-use vials, the opened remainder.
    public let drawnML: Decimal
    public let injectedML: Decimal
    /// The unused remainder of an opened single-use vial, written off as waste with the session.
    public var wasteML: Decimal { drawnML - injectedML }
}

/// How one product's volume for a session is taken from its lots.
public struct ComponentPlan: Sendable, Hashable {
    public let productCode: String
    public let requiredML: Decimal
    public let draws: [LotDraw]
    /// What usable stock could not cover; zero when the plan is complete.
    public let shortfallML: Decimal

    public var isComplete: Bool { shortfallML == 0 }
    public var drawnML: Decimal { draws.reduce(0) { $0 + $1.drawnML } }
}

/// Plans draws first-expiry-first-out over usable lots only: recalled, quarantined, destroyed,
/// expired and empty lots are set aside before sorting, so an unusable lot with an earlier expiry
/// is never drawn. For a session recorded after the fact, the lots that had arrived by its time come
/// first (FEFO among them), then those received since. Pure: the same facts give the same plan in
/// `meso check` and in `session record`.
public enum StockPlanner {
    /// - Parameters:
    ///   - singleUseVialML: the vial size when the product is single-use: whole vials are drawn,
    ///     each from one lot, and what the session does not inject is waste.
    public static func plan(
        productCode: String, requiredML: Decimal, lots: [StockLot], at sessionAt: Timestamp,
        singleUseVialML: Decimal? = nil
    ) -> ComponentPlan {
        let usable = lots.filter { $0.productCode == productCode && $0.usability(at: sessionAt).isUsable }
        let arrived = usable.filter { $0.hadArrived(by: sessionAt) }.sorted(by: StockLot.fefoOrder)
        let since = usable.filter { !$0.hadArrived(by: sessionAt) }.sorted(by: StockLot.fefoOrder)
        return draw(
            productCode: productCode, requiredML: requiredML, from: arrived + since, singleUseVialML: singleUseVialML)
    }

    /// Plans draws from the lots the practitioner named, in the order named, instead of FEFO.
    /// Unusable lots are left out here; the caller reports them.
    public static func plan(
        productCode: String, requiredML: Decimal, chosenLots: [StockLot], at sessionAt: Timestamp,
        singleUseVialML: Decimal? = nil
    ) -> ComponentPlan {
        let usable = chosenLots.filter { $0.productCode == productCode && $0.usability(at: sessionAt).isUsable }
        return draw(productCode: productCode, requiredML: requiredML, from: usable, singleUseVialML: singleUseVialML)
    }

    private static func draw(
        productCode: String, requiredML: Decimal, from orderedLots: [StockLot], singleUseVialML: Decimal?
    ) -> ComponentPlan {
        var draws: [LotDraw] = []
        var remaining = requiredML
        for lot in orderedLots where remaining > 0 {
            if let vial = singleUseVialML, vial > 0 {
                // Whole vials, as many as the remaining volume needs and the lot holds, counted by
                // adding one vial at a time: a session needs a few, and Decimal division is slow.
                var drawn: Decimal = 0
                while drawn < remaining && drawn + vial <= lot.onHandML { drawn += vial }
                guard drawn > 0 else { continue }
                let injected = min(drawn, remaining)
                draws.append(LotDraw(lot: lot, drawnML: drawn, injectedML: injected))
                remaining -= injected
            } else {
                let taken = min(lot.onHandML, remaining)
                draws.append(LotDraw(lot: lot, drawnML: taken, injectedML: taken))
                remaining -= taken
            }
        }
        return ComponentPlan(
            productCode: productCode, requiredML: requiredML, draws: draws, shortfallML: max(0, remaining))
    }
}
