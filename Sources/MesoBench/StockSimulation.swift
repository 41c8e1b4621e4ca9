import Foundation
import MesoCore
import PostgresClient

/// Plays the schedule forward in time as the pharmacy would have lived it: lots are received
/// before stock runs short and released the same day, each session draws first expiry first out
/// (single-use vials whole, the opened remainder written off with it; a multi-dose remainder too
/// small for a dose discarded), a few sessions are cancelled and reversed, lots that expire with
/// stock left are destroyed. Every ledger row is written in time order, so that each lot's balance
/// after every row is the running sum the audit checks, and lots are numbered in order of receipt.
struct StockSimulation {
    static let minute: Int64 = 60_000_000
    static let hour: Int64 = 3_600_000_000
    static let day: Int64 = 86_400_000_000

    let catalog: ClinicCatalog
    let scale: BenchScale
    let now: Timestamp
    let windowStart: Timestamp

    func run(_ schedule: [ScheduledSession], random: inout SeededRandom) throws -> ClinicHistory {
        var history = ClinicHistory()
        let products = catalog.products
        // Demand per product over the window, in vials, to size the lots and the reorder points.
        let demandMilli = Self.demandMilli(schedule, catalog: catalog)
        let demandVials = products.indices.map { (demandMilli[$0] + products[$0].vialMilli - 1) / products[$0].vialMilli }
        let used = products.indices.filter { demandVials[$0] > 0 }
        let specials = max(3, scale.lots * 3 / 100)
        let budget = Self.lotBudget(demandVials, used: used, lots: scale.lots - specials)
        let lotVials = products.indices.map { index -> Int in
            guard budget[index] > 1 else { return Int(demandVials[index]) + 1 }
            return Int((demandVials[index] + Int64(budget[index]) - 2) / Int64(budget[index] - 1)) + 1
        }
        // Reorder when what is left covers about ten days.
        let threshold = products.indices.map { index -> Int64 in
            demandMilli[index] * 10 / Int64(max(scale.historyDays, 1)) + products[index].vialMilli
        }

        var state = State(products: products.count)
        let pharmacists = ClinicVocabulary.pharmacists
        let pharmacistActors = pharmacists.map { history.actor($0) }
        let wasteReason = history.reason(SessionService.openedVialWasteReason)
        let discardReason = history.reason("Remainder below one dose, discarded")
        let expiredReason = history.reason("Expired with stock left")
        let beyondUseReason = history.reason("Open vial past its beyond-use day: discarded")

        func fire(until time: Int64, _ random: inout SeededRandom) {
            while let first = state.events.first, first.time <= time {
                state.events.removeFirst()
                switch first.event {
                case .receipt(let product, let vials, let releaseAfter, let arrivedAt):
                    state.sequence[product] += 1
                    let date = Timestamp(microsecondsSinceEpoch: first.time).utcDate
                    let lot = history.lots.count
                    history.lots.append(
                        ClinicHistory.Lot(
                            product: product,
                            lotNumber: String(date.year % 100) + (date.month < 10 ? "0" : "") + String(date.month) + "-"
                                + String(1000 + state.sequence[product] * 7 + product),
                            expiry: date.adding(days: random.int(in: 540...720)), status: .quarantined, vials: vials,
                            receivedAt: arrivedAt ?? first.time, receivedBy: pharmacists[lot % pharmacists.count],
                            supplier: ClinicVocabulary.suppliers[product % ClinicVocabulary.suppliers.count],
                            statusChangedAt: first.time, receiptRow: history.ledger.count))
                    let quantity = Int64(vials) * products[product].vialMilli
                    history.ledger.append(
                        ClinicHistory.Movement(
                            lot: Int32(lot), kind: .receipt, quantityMilli: quantity, session: -1, reverses: -1,
                            recordedAt: first.time, actor: pharmacistActors[lot % pharmacists.count], reason: 0))
                    state.onHand.append(quantity)
                    state.sealed.append(quantity)
                    state.vialsOf.append([])
                    state.releasedAt.append(Int64.max)
                    state.expiryDay.append(history.lots[lot].expiry.daysSinceEpoch)
                    state.lotsOf[product].append(lot)
                    state.schedule(.release(lot: lot), at: first.time + releaseAfter)
                case .release(let lot):
                    history.statusChanges.append(
                        ClinicHistory.StatusChange(
                            lot: Int32(lot), from: .quarantined, to: .released, reason: "Certificate of analysis checked",
                            at: first.time, by: pharmacists[lot % pharmacists.count]))
                    history.lots[lot].status = .released
                    history.lots[lot].statusChangedAt = first.time
                    state.releasedAt[lot] = first.time
                    state.pending[history.lots[lot].product] = false
                case .reversal(let session, let rows):
                    let reason = history.reason(
                        "Session \(session + 1) cancelled: \(ClinicVocabulary.cancelReasons[Int(history.sessions[Int(session)].cancelReason)])"
                    )
                    for row in rows {
                        let original = history.ledger[row]
                        state.onHand[Int(original.lot)] -= original.quantityMilli
                        if original.vial >= 0 {
                            history.vials[Int(original.vial)].remainingMilli -= original.quantityMilli
                        } else {
                            state.sealed[Int(original.lot)] -= original.quantityMilli
                        }
                        history.ledger.append(
                            ClinicHistory.Movement(
                                lot: original.lot, kind: .reversal, quantityMilli: -original.quantityMilli,
                                session: session, reverses: Int32(row), recordedAt: first.time, actor: original.actor,
                                reason: reason, vial: original.vial))
                    }
                case .destruction(let lot):
                    history.statusChanges.append(
                        ClinicHistory.StatusChange(
                            lot: Int32(lot), from: history.lots[lot].status, to: .destroyed,
                            reason: "Expired with stock left", at: first.time, by: pharmacists[0]))
                    writeOff(
                        lot, kind: .destruction, at: first.time, actor: pharmacistActors[0], reason: expiredReason,
                        history: &history, state: &state)
                    history.lots[lot].status = .destroyed
                    history.lots[lot].statusChangedAt = first.time
                }
            }
        }

        // The first lot of every product in use, before the window opens.
        let opening = windowStart.microsecondsSinceEpoch - 10 * Self.day
        for product in used {
            state.schedule(.receipt(product: product, vials: lotVials[product], releaseAfter: Self.day), at: opening)
        }

        history.sessions.reserveCapacity(schedule.count)
        history.usage.reserveCapacity(schedule.count * 3)
        history.ledger.reserveCapacity(schedule.count * 6)
        let practitionerActors = ClinicVocabulary.practitioners.map { history.actor($0) }
        let areaWeights = ClinicVocabulary.areas.enumerated().map { (UInt8($0.offset), $0.element.1) }
        let eventWeights = ClinicVocabulary.adverseEvents.enumerated().map { (UInt8($0.offset), $0.element.1) }
        for (sessionIndex, scheduled) in schedule.enumerated() {
            let time = scheduled.recordedAt
            fire(until: time, &random)
            let day = Int(Timestamp(microsecondsSinceEpoch: scheduled.performedAt).utcDate.daysSinceEpoch)
            let practitioner = UInt8(random.int(in: 0...(practitionerActors.count - 1)))
            let actor = practitionerActors[Int(practitioner)]
            history.sessions.append(
                ClinicHistory.Session(
                    patient: scheduled.patient, formula: scheduled.formula, performedAt: scheduled.performedAt,
                    recordedAt: time, practitioner: practitioner, area: random.weighted(areaWeights)))
            let session = Int32(sessionIndex)
            var rows: [Int] = []
            for component in catalog.formulas[Int(scheduled.formula)].components {
                let product = component.product
                let vial = products[product].vialMilli
                let need =
                    products[product].singleUse ? (component.volumeMilli + vial - 1) / vial * vial : component.volumeMilli
                var chosen: Int?
                while chosen == nil {
                    // Released by the time the session is typed in, and already in the clinic when it
                    // was performed (a vial cannot be injected before it arrived).
                    let lot = state.lotsOf[product].filter {
                        state.releasedAt[$0] <= time && history.lots[$0].receivedAt <= scheduled.performedAt
                            && state.expiryDay[$0] >= day && state.onHand[$0] > 0
                            && history.lots[$0].status == .released
                    }.min { (state.expiryDay[$0], $0) < (state.expiryDay[$1], $1) }
                    if let lot {
                        if !products[product].singleUse {
                            // Open vials past their in-use period are discarded before anything is drawn.
                            discardPastBeyondUse(
                                lot, day: day, at: time - 2_000_000, actor: pharmacistActors[0], reason: beyondUseReason,
                                history: &history, state: &state)
                        }
                        if state.onHand[lot] >= need {
                            chosen = lot
                        } else {
                            writeOff(
                                lot, kind: .waste, at: time - 1_000_000, actor: pharmacistActors[0], reason: discardReason,
                                history: &history, state: &state)
                        }
                    } else {
                        // Nothing usable on the shelf: an urgent delivery, released at once. The session is
                        // typed in 10 to 45 minutes after it was performed, so the receipt is written then
                        // too, dated (--at) an hour before the session: the vials it used were there.
                        state.schedule(
                            .receipt(
                                product: product, vials: lotVials[product], releaseAfter: 1_000_000,
                                arrivedAt: scheduled.performedAt - Self.hour),
                            at: time - 2_000_000)
                        fire(until: time, &random)
                    }
                }
                let lot = chosen!
                let waste = need - component.volumeMilli
                history.usage.append(
                    ClinicHistory.Usage(
                        session: session, lot: Int32(lot), volumeMilli: Int32(component.volumeMilli),
                        wasteMilli: Int32(waste)))
                if products[product].singleUse {
                    rows.append(history.ledger.count)
                    history.ledger.append(
                        ClinicHistory.Movement(
                            lot: Int32(lot), kind: .sessionUse, quantityMilli: -component.volumeMilli, session: session,
                            reverses: -1, recordedAt: time, actor: actor, reason: 0))
                    state.sealed[lot] -= need
                } else {
                    rows += drawFromVials(
                        lot, milli: component.volumeMilli, session: session, performedAt: scheduled.performedAt, day: day,
                        recordedAt: time, actor: actor, history: &history, state: &state)
                }
                if waste > 0 {
                    rows.append(history.ledger.count)
                    history.ledger.append(
                        ClinicHistory.Movement(
                            lot: Int32(lot), kind: .waste, quantityMilli: -waste, session: session, reverses: -1,
                            recordedAt: time, actor: actor, reason: wasteReason))
                }
                state.onHand[lot] -= need
                // Lots that expired with stock left are destroyed a few hours later.
                for other in state.lotsOf[product]
                where state.expiryDay[other] < day && state.onHand[other] > 0
                    && !state.destructionScheduled.contains(other) && history.lots[other].status != .destroyed
                {
                    state.destructionScheduled.insert(other)
                    state.schedule(.destruction(lot: other), at: time + 3 * Self.hour)
                }
                let available = state.lotsOf[product].filter {
                    state.expiryDay[$0] >= day && history.lots[$0].status != .destroyed
                }.reduce(Int64(0)) { $0 + state.onHand[$1] }
                if available < threshold[product] && !state.pending[product] {
                    state.pending[product] = true
                    state.schedule(
                        .receipt(product: product, vials: lotVials[product], releaseAfter: 4 * Self.hour),
                        at: time + Self.day + Int64(random.int(in: 0...8)) * Self.hour)
                }
            }
            if random.chance(0.002) {
                let cancelledAt = time + Int64(random.int(in: 20...90)) * Self.minute
                if cancelledAt < now.microsecondsSinceEpoch - Self.minute {
                    history.sessions[sessionIndex].cancelledAt = cancelledAt
                    history.sessions[sessionIndex].cancelReason = UInt8(
                        random.int(in: 0...(ClinicVocabulary.cancelReasons.count - 1)))
                    state.schedule(.reversal(session: session, rows: rows), at: cancelledAt)
                }
            } else if random.chance(0.007) {
                history.adverseEvents.append(
                    ClinicHistory.AdverseEvent(
                        session: session, kind: random.weighted(eventWeights),
                        severity: random.weighted([(0, 80.0), (1, 17), (2, 3)]),
                        recordedAt: min(time + Int64(random.int(in: 1...72)) * Self.hour, now.microsecondsSinceEpoch)))
            }
        }
        // What was due before now has happened; deliveries after now have not.
        fire(until: now.microsecondsSinceEpoch - Self.minute, &random)

        let inFormulas = Set(catalog.formulas.flatMap { $0.components.map(\.product) }).sorted()
        let onHand = try addMorningDelivery(
            &history, onHand: state.onHand, used: inFormulas, lotVials: lotVials, random: &random)
        addReserve(&history, onHand: onHand)
        return history
    }
}
