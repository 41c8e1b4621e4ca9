import Foundation
import MesoCore
import PostgresClient

/// The simulation's events and running state.
extension StockSimulation {
    enum Event {
        /// `arrivedAt`: when the vials arrived, if before the receipt was written (`lot receive --at`).
        case receipt(product: Int, vials: Int, releaseAfter: Int64, arrivedAt: Int64? = nil)
        case release(lot: Int)
        case reversal(session: Int32, rows: [Int])
        case destruction(lot: Int)
    }

    struct State {
        var onHand: [Int64] = []
        /// Each lot's sealed vials, in thousandths of a mL (multi-dose lots; all of it otherwise).
        var sealed: [Int64] = []
        /// Each lot's opened vials, positions in `history.vials`.
        var vialsOf: [[Int]] = []
        var releasedAt: [Int64] = []
        var expiryDay: [Int] = []
        var lotsOf: [[Int]]
        var pending: [Bool]
        var sequence: [Int]
        var events: [(time: Int64, order: Int, event: Event)] = []
        var eventOrder = 0
        var destructionScheduled: Set<Int> = []

        init(products: Int) {
            lotsOf = [[Int]](repeating: [], count: products)
            pending = [Bool](repeating: false, count: products)
            sequence = [Int](repeating: 0, count: products)
        }

        mutating func schedule(_ event: Event, at time: Int64) {
            eventOrder += 1
            let position = events.firstIndex { ($0.time, $0.order) > (time, eventOrder) } ?? events.count
            events.insert((time, eventOrder, event), at: position)
        }
    }
}
