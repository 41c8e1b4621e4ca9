#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import PostgresClient

/// A vial of a multi-dose lot that was opened, as `lot show` lists it: open, waiting to be discarded,
/// or empty.
public struct VialRecord: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// Open and drawn from by sessions.
        case inUse = "in-use"
        /// Past its beyond-use day: never drawn again, its remainder waits for `stock discard`.
        case toDiscard = "to-discard"
        /// Open, but its lot may not be drawn now (quarantined, recalled).
        case held
        /// Nothing left: drawn to the end, discarded or written off.
        case empty
    }

    public let id: Int64
    public let openedAt: Timestamp
    /// What it held when meso began following it: a full vial (a vial found open when vials were first
    /// followed holds the lot's remainder).
    public let contentML: Decimal
    public let remainingML: Decimal
    public let beyondUseDay: CalendarDate
    /// The session whose draw opened it, if one did.
    public let openedBySession: Int64?
    public let state: State

    init(row: PostgresRow) throws(PostgresError) {
        self.id = try row.decode("id")
        self.openedAt = try row.decode("opened_at")
        self.contentML = try row.decode("content_ml")
        self.remainingML = try row.decode("remaining_ml")
        self.beyondUseDay = try row.decode("beyond_use_day")
        self.openedBySession = try row.decode("opened_by_session")
        let refusal = try row.decodeEnum("refusal", as: UnusableReason?.self)
        if remainingML <= 0 {
            self.state = .empty
        } else if refusal == .beyondUse || refusal == .expired {
            self.state = .toDiscard
        } else {
            self.state = refusal == nil ? .inUse : .held
        }
    }

    /// Every vial of a lot, in the order opened, judged now.
    static func of(lot lotID: Int64, on connection: PostgresConnection) throws(PostgresError) -> [VialRecord] {
        try connection.query(
            """
            SELECT v.id, v.opened_at, v.content_ml, v.remaining_ml, v.opened_by_session,
                   public.meso_beyond_use_day(v.opened_at, p.in_use_days, l.expiry) AS beyond_use_day,
                   public.meso_draw_refusal(l.id, v.opened_at, now(), false) AS refusal
              FROM vial v JOIN lot l ON l.id = v.lot_id JOIN product p ON p.code = l.product_code
             WHERE v.lot_id = \(lotID) ORDER BY v.id
            """
        ).rows.map { row throws(PostgresError) in try VialRecord(row: row) }
    }
}
