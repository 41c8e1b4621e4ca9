import MesoCore
import PostgresClient

/// The vials of multi-dose lots as the simulation plays them, by the rules the ledger trigger keeps
/// (Schema/0015): a session draws the lot's open vials first, first beyond-use day first, and opens a
/// sealed vial only when they do not suffice; an open vial is drawn through its beyond-use day (the
/// day it was opened plus the product's in-use period, or the lot's expiry), never after; every row
/// that moves an open vial names it. `state.onHand` is the caller's to move; these move the vials and
/// the sealed stock.
extension StockSimulation {
    /// The beyond-use day of `vial`, as days since 1970, judged for a session on `day` (a vial opened
    /// after it counts as opened then).
    func beyondUseDay(_ vial: ClinicHistory.Vial, lotExpiry: Int, inUseDays: Int, day: Int) -> Int {
        let opened = Int(Timestamp(microsecondsSinceEpoch: vial.openedAt).utcDate.daysSinceEpoch)
        return min(min(opened, day) + inUseDays, lotExpiry)
    }

    /// Writes off, as waste naming each, the open vials of `lot` past their beyond-use day on `day`.
    func discardPastBeyondUse(
        _ lot: Int, day: Int, at time: Int64, actor: UInt8, reason: UInt16, history: inout ClinicHistory,
        state: inout State
    ) {
        let inUse = catalog.products[history.lots[lot].product].inUseDays
        for index in state.vialsOf[lot] where history.vials[index].remainingMilli > 0 {
            let vial = history.vials[index]
            guard beyondUseDay(vial, lotExpiry: state.expiryDay[lot], inUseDays: inUse, day: day) < day else { continue }
            history.ledger.append(
                ClinicHistory.Movement(
                    lot: Int32(lot), kind: .waste, quantityMilli: -vial.remainingMilli, session: -1, reverses: -1,
                    recordedAt: time, actor: actor, reason: reason, vial: Int32(index)))
            state.onHand[lot] -= vial.remainingMilli
            history.vials[index].remainingMilli = 0
        }
    }

    /// Writes off everything the lot holds: each open vial, then the sealed vials, a row each.
    func writeOff(
        _ lot: Int, kind: ClinicHistory.MovementKind, at time: Int64, actor: UInt8, reason: UInt16,
        history: inout ClinicHistory, state: inout State
    ) {
        for index in state.vialsOf[lot] where history.vials[index].remainingMilli > 0 {
            history.ledger.append(
                ClinicHistory.Movement(
                    lot: Int32(lot), kind: kind, quantityMilli: -history.vials[index].remainingMilli, session: -1,
                    reverses: -1, recordedAt: time, actor: actor, reason: reason, vial: Int32(index)))
            history.vials[index].remainingMilli = 0
        }
        if state.sealed[lot] > 0 {
            history.ledger.append(
                ClinicHistory.Movement(
                    lot: Int32(lot), kind: kind, quantityMilli: -state.sealed[lot], session: -1, reverses: -1,
                    recordedAt: time, actor: actor, reason: reason))
        }
        state.sealed[lot] = 0
        state.onHand[lot] = 0
    }

    /// A session's draw of `milli` from a multi-dose lot: its open vials in order, then new ones.
    /// Returns the positions of the ledger rows written (the caller reverses them on cancellation).
    func drawFromVials(
        _ lot: Int, milli: Int64, session: Int32, performedAt: Int64, day: Int, recordedAt: Int64, actor: UInt8,
        history: inout ClinicHistory, state: inout State
    ) -> [Int] {
        let product = catalog.products[history.lots[lot].product]
        var rows: [Int] = []
        var need = milli
        func take(_ index: Int, _ amount: Int64) {
            rows.append(history.ledger.count)
            history.ledger.append(
                ClinicHistory.Movement(
                    lot: Int32(lot), kind: .sessionUse, quantityMilli: -amount, session: session, reverses: -1,
                    recordedAt: recordedAt, actor: actor, reason: 0, vial: Int32(index)))
            history.vials[index].remainingMilli -= amount
            history.vials[index].openedAt = min(history.vials[index].openedAt, performedAt)
            need -= amount
        }
        let open = state.vialsOf[lot].filter { history.vials[$0].remainingMilli > 0 }.filter {
            beyondUseDay(history.vials[$0], lotExpiry: state.expiryDay[lot], inUseDays: product.inUseDays, day: day) >= day
        }.sorted { left, right in
            let a = history.vials[left]
            let b = history.vials[right]
            let budA = beyondUseDay(a, lotExpiry: state.expiryDay[lot], inUseDays: product.inUseDays, day: day)
            let budB = beyondUseDay(b, lotExpiry: state.expiryDay[lot], inUseDays: product.inUseDays, day: day)
            return (budA, min(a.openedAt, performedAt), left) < (budB, min(b.openedAt, performedAt), right)
        }
        for index in open where need > 0 { take(index, min(need, history.vials[index].remainingMilli)) }
        while need > 0 {
            let index = history.vials.count
            history.vials.append(
                ClinicHistory.Vial(
                    lot: Int32(lot), openedAt: performedAt, contentMilli: product.vialMilli,
                    remainingMilli: product.vialMilli, openedBySession: session, recordedAt: recordedAt, actor: actor))
            state.vialsOf[lot].append(index)
            state.sealed[lot] -= product.vialMilli
            take(index, min(need, product.vialMilli))
        }
        return rows
    }
}
