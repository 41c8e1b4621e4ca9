import Foundation
import MesoCore
import PostgresClient

/// How the simulation sizes lots and stocks the shelf on the morning of the run.
extension StockSimulation {
    /// What the schedule draws of each product, in thousandths of a mL (single-use vials whole).
    static func demandMilli(_ schedule: [ScheduledSession], catalog: ClinicCatalog) -> [Int64] {
        let products = catalog.products
        var demandMilli = [Int64](repeating: 0, count: products.count)
        for session in schedule {
            for component in catalog.formulas[Int(session.formula)].components {
                let vial = products[component.product].vialMilli
                demandMilli[component.product] +=
                    products[component.product].singleUse
                    ? (component.volumeMilli + vial - 1) / vial * vial : component.volumeMilli
            }
        }
        return demandMilli
    }

    /// Splits the lots between the products in use, more to the busier ones, at least a few each.
    static func lotBudget(_ demand: [Int64], used: [Int], lots: Int) -> [Int] {
        var budget = [Int](repeating: 0, count: demand.count)
        guard !used.isEmpty else { return budget }
        let minimum = max(1, min(4, lots * 6 / 10 / used.count))
        let weights = used.map { pow(Double(demand[$0]), 0.6) }
        let total = weights.reduce(0, +)
        let spare = max(0, lots - minimum * used.count)
        for (position, product) in used.enumerated() {
            budget[product] = minimum + Int(Double(spare) * weights[position] / total)
        }
        return budget
    }

    /// This morning's delivery, which makes the lot count exact: a released lot of every product
    /// in use that has nothing usable left on the shelf, then lots still in quarantine awaiting
    /// release, and now and then one damaged in transit and destroyed on receipt. Returns every
    /// lot's balance.
    func addMorningDelivery(
        _ history: inout ClinicHistory, onHand: [Int64], used: [Int], lotVials: [Int], random: inout SeededRandom
    ) throws -> [Int64] {
        var onHand = onHand
        let today = now.utcDate.daysSinceEpoch
        let empty = used.filter { product in
            !history.lots.indices.contains { lot in
                history.lots[lot].product == product && history.lots[lot].status == .released
                    && history.lots[lot].expiry.daysSinceEpoch > today && onHand[lot] > 0
            }
        }
        let missing = scale.lots - history.lots.count
        guard missing >= empty.count else {
            throw BenchError("The simulation received \(history.lots.count) lots, too many for the \(scale.lots) asked for.")
        }
        let morning = now.microsecondsSinceEpoch - 50_000_000
        let pharmacist = ClinicVocabulary.pharmacists[0]
        let actor = history.actor(pharmacist)
        for number in 0..<missing {
            let restock = number < empty.count
            let product = restock ? empty[number] : (number - empty.count) % catalog.products.count
            let time = morning + Int64(number) * 100_000
            let date = Timestamp(microsecondsSinceEpoch: time).utcDate
            let lot = history.lots.count
            let vials = restock ? lotVials[product] : random.int(in: 10...60)
            let destroyed = !restock && number % 7 == 6
            let status: LotStatus = restock ? .released : destroyed ? .destroyed : .quarantined
            history.lots.append(
                ClinicHistory.Lot(
                    product: product, lotNumber: "D" + String(date.year % 100) + "-" + String(5000 + number),
                    expiry: date.adding(days: random.int(in: 540...720)), status: status, vials: vials, receivedAt: time,
                    receivedBy: pharmacist, supplier: ClinicVocabulary.suppliers[product % ClinicVocabulary.suppliers.count],
                    statusChangedAt: time, receiptRow: history.ledger.count))
            let quantity = Int64(vials) * catalog.products[product].vialMilli
            history.ledger.append(
                ClinicHistory.Movement(
                    lot: Int32(lot), kind: .receipt, quantityMilli: quantity, session: -1, reverses: -1, recordedAt: time,
                    actor: actor, reason: 0))
            onHand.append(quantity)
            if restock {
                history.statusChanges.append(
                    ClinicHistory.StatusChange(
                        lot: Int32(lot), from: .quarantined, to: .released, reason: "Certificate of analysis checked",
                        at: time, by: pharmacist))
            } else if destroyed {
                let reason = "Damaged in transit: cold chain broken"
                history.statusChanges.append(
                    ClinicHistory.StatusChange(
                        lot: Int32(lot), from: .quarantined, to: .destroyed, reason: reason, at: time, by: pharmacist))
                history.ledger.append(
                    ClinicHistory.Movement(
                        lot: Int32(lot), kind: .destruction, quantityMilli: -quantity, session: -1, reverses: -1,
                        recordedAt: time, actor: actor, reason: history.reason(reason)))
                onHand[lot] = 0
            }
        }
        return onHand
    }

    /// The lot each product draws from now (first expiry first out) receives enough vials more for
    /// every timed phase, so that no phase runs it empty.
    func addReserve(_ history: inout ClinicHistory, onHand: [Int64]) {
        let today = now.utcDate.daysSinceEpoch
        for product in catalog.products.indices {
            let current = onHand.indices.filter {
                history.lots[$0].product == product && history.lots[$0].status == .released
                    && history.lots[$0].expiry.daysSinceEpoch > today && onHand[$0] > 0
            }.min { (history.lots[$0].expiry, $0) < (history.lots[$1].expiry, $1) }
            guard let lot = current else { continue }
            history.lots[lot].vials += min(scale.reserveVials, 100_000 - history.lots[lot].vials)
            history.ledger[history.lots[lot].receiptRow].quantityMilli =
                Int64(history.lots[lot].vials) * catalog.products[product].vialMilli
        }
    }
}
