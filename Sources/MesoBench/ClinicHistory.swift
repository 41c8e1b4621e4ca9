import MesoCore
import PostgresClient

/// Everything the generator writes besides the patients: lots with their status history, the
/// sessions with their usage, adverse events, and the ledger that explains every lot's balance.
/// Rows refer to each other by position, which is the id the database gives them (each table is
/// loaded in order into a fresh identity sequence).
struct ClinicHistory: Sendable {
    struct Lot: Sendable {
        let product: Int
        let lotNumber: String
        let expiry: CalendarDate
        var status: LotStatus
        var vials: Int
        let receivedAt: Int64
        let receivedBy: String
        let supplier: String
        var statusChangedAt: Int64
        /// Position of the lot's receipt in the ledger.
        var receiptRow: Int
    }

    struct StatusChange: Sendable {
        let lot: Int32
        let from: LotStatus?
        let to: LotStatus
        let reason: String
        let at: Int64
        let by: String
    }

    struct Session: Sendable {
        let patient: Int32
        let formula: UInt8
        let performedAt: Int64
        let recordedAt: Int64
        let practitioner: UInt8
        let area: UInt8
        /// Zero for a session performed and never cancelled.
        var cancelledAt: Int64 = 0
        var cancelReason: UInt8 = 0
    }

    struct Usage: Sendable {
        let session: Int32
        let lot: Int32
        let volumeMilli: Int32
        let wasteMilli: Int32
    }

    enum MovementKind: UInt8, Sendable {
        case receipt, sessionUse, waste, destruction, reversal

        var name: String {
            switch self {
            case .receipt: return "receipt"
            case .sessionUse: return "session-use"
            case .waste: return "waste"
            case .destruction: return "destruction"
            case .reversal: return "reversal"
            }
        }
    }

    struct Movement: Sendable {
        let lot: Int32
        let kind: MovementKind
        var quantityMilli: Int64
        /// -1 when the row belongs to no session.
        let session: Int32
        /// Position of the row a reversal reverses, else -1.
        let reverses: Int32
        let recordedAt: Int64
        /// Index into `actors`.
        let actor: UInt8
        /// Index into `reasons`; 0 is no reason.
        let reason: UInt16
        /// Position of the open vial of a multi-dose lot the row moves, else -1 (sealed vials).
        var vial: Int32 = -1
    }

    /// An opened vial of a multi-dose lot: opened by a session's draw, drawn from by later ones.
    struct Vial: Sendable {
        let lot: Int32
        /// The earliest performed_at of the sessions that drew from it.
        var openedAt: Int64
        let contentMilli: Int64
        var remainingMilli: Int64
        let openedBySession: Int32
        /// When the opening row was written, and by whom (an index into `actors`).
        let recordedAt: Int64
        let actor: UInt8
    }

    struct AdverseEvent: Sendable {
        let session: Int32
        let kind: UInt8
        let severity: UInt8
        let recordedAt: Int64
    }

    var lots: [Lot] = []
    var statusChanges: [StatusChange] = []
    var sessions: [Session] = []
    var usage: [Usage] = []
    var ledger: [Movement] = []
    var vials: [Vial] = []
    var adverseEvents: [AdverseEvent] = []
    var actors: [String] = []
    var reasons: [String] = [""]
    private var reasonIndex: [String: UInt16] = [:]

    mutating func actor(_ name: String) -> UInt8 {
        if let index = actors.firstIndex(of: name) { return UInt8(index) }
        actors.append(name)
        return UInt8(actors.count - 1)
    }

    mutating func reason(_ text: String) -> UInt16 {
        if let index = reasonIndex[text] { return index }
        reasons.append(text)
        reasonIndex[text] = UInt16(reasons.count - 1)
        return UInt16(reasons.count - 1)
    }

    /// Each lot's balance once every ledger row is applied.
    var onHandMilli: [Int64] {
        var balances = [Int64](repeating: 0, count: lots.count)
        for movement in ledger { balances[Int(movement.lot)] += movement.quantityMilli }
        return balances
    }
}
