#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// Plans a component's draws over the vials the database's rule lets a session draw (Schema/0015):
/// lots and open vials it refuses (recalled, quarantined, destroyed, expired, past their beyond-use day)
/// are set aside before anything is ordered, so an unusable lot with an earlier expiry is never drawn.
///
/// A multi-dose product draws its open vials first, first beyond-use day first, then sealed vials first
/// expiry first out, opening a new vial only when the open ones do not suffice (a split draw may finish
/// one vial and open the next). A single-use product draws whole vials, first expiry first out, and what
/// the session does not inject is waste. For a session recorded after the fact, what was in the clinic
/// at its time comes first: vials that came with a receipt since are drawn only when nothing else
/// suffices, and the draw says so. Pure: the same facts give the same plan in `meso check` and in
/// `session record`, and the ledger trigger draws the same vials (it opens a vial of a lot only when the
/// lot's open vials, in the same order, are empty or refused).
public enum StockPlanner {
    /// First expiry first out over the lots given (those of other products are ignored).
    public static func plan(
        productCode: String, requiredML: Decimal, lots: [StockLot], vials kind: VialKind
    ) -> ComponentPlan {
        let mine = lots.filter { $0.productCode == productCode && $0.refusal == nil }.sorted(by: StockLot.fefoOrder)
        var sources: [Source] = []
        for arrived in [true, false] {
            if case .multiDose = kind {
                sources += mine.filter { $0.hadArrived == arrived }
                    .flatMap { lot in lot.openVials.filter { $0.refusal == nil }.map { (lot, $0) } }
                    .sorted { OpenVial.drawOrder($0.1, $1.1) }
                    .map { Source.open($0.0, $0.1, arrived: arrived) }
            }
            sources += mine.map { .sealed($0, arrived ? $0.arrivedSealedML : $0.sealedML - $0.arrivedSealedML, arrived: arrived) }
        }
        return draw(productCode: productCode, requiredML: requiredML, from: sources, kind: kind)
    }

    /// Plans draws from the lots the practitioner named, in the order named, instead of first expiry
    /// first out: each lot's open vials the rule lets be drawn, then its sealed vials. Lots the rule
    /// refuses are left out here; the caller reports them.
    public static func plan(
        productCode: String, requiredML: Decimal, chosenLots: [StockLot], vials kind: VialKind
    ) -> ComponentPlan {
        var sources: [Source] = []
        for lot in chosenLots where lot.productCode == productCode && lot.refusal == nil {
            if case .multiDose = kind {
                sources += lot.openVials.filter { $0.refusal == nil }.map { .open(lot, $0, arrived: lot.hadArrived) }
            }
            sources += [
                .sealed(lot, lot.arrivedSealedML, arrived: true), .sealed(lot, lot.sealedML - lot.arrivedSealedML, arrived: false),
            ]
        }
        return draw(productCode: productCode, requiredML: requiredML, from: sources, kind: kind)
    }

    /// Where a draw may come from: an open vial, or some of a lot's sealed vials.
    private enum Source {
        case open(StockLot, OpenVial, arrived: Bool)
        case sealed(StockLot, Decimal, arrived: Bool)
    }

    private static func draw(productCode: String, requiredML: Decimal, from sources: [Source], kind: VialKind)
        -> ComponentPlan
    {
        let vialML = kind.vialML
        var draws: [LotDraw] = []
        var remaining = requiredML
        for source in sources where remaining > 0 {
            switch (source, kind) {
            case (.open(let lot, let vial, let arrived), _):
                let taken = min(vial.remainingML, remaining)
                draws.append(LotDraw(lot: lot, vial: .open(vial), drawnML: taken, injectedML: taken, arrivedByThen: arrived))
                remaining -= taken
            case (.sealed(let lot, var sealed, let arrived), .multiDose):
                // A new vial at a time, each drawn as far as the session needs.
                while remaining > 0 && sealed >= vialML && vialML > 0 {
                    let taken = min(vialML, remaining)
                    draws.append(LotDraw(lot: lot, vial: .new, drawnML: taken, injectedML: taken, arrivedByThen: arrived))
                    remaining -= taken
                    sealed -= vialML
                }
            case (.sealed(let lot, let sealed, let arrived), .singleUse):
                // Whole vials, as many as the remaining volume needs and the lot holds, counted by adding
                // one vial at a time: a session needs a few, and Decimal division is slow.
                var drawn: Decimal = 0
                var count = 0
                while drawn < remaining && drawn + vialML <= sealed && vialML > 0 {
                    drawn += vialML
                    count += 1
                }
                guard count > 0 else { continue }
                let injected = min(drawn, remaining)
                draws.append(
                    LotDraw(lot: lot, vial: .whole(count), drawnML: drawn, injectedML: injected, arrivedByThen: arrived))
                remaining -= injected
            }
        }
        return ComponentPlan(
            productCode: productCode, requiredML: requiredML, draws: draws, shortfallML: max(0, remaining))
    }
}
