import PostgresClient

/// A lot as the auditor traces it: what it is, where it stands now, and whether it was ever
/// recalled. A recalled lot is usually destroyed afterwards; its patients must still be told, so
/// the recall is read from the status history rather than from the current status alone.
public struct TracedLot: Sendable, Hashable {
    /// When, why and by whom the lot was recalled.
    public struct Recall: Sendable, Hashable {
        public let at: Timestamp
        public let reason: String
        public let by: String
    }

    public let id: Int64
    public let productCode: String
    public let productName: String
    public let lotNumber: String
    public let expiry: CalendarDate
    public let status: LotStatus
    public let recall: Recall?

    public var isRecalled: Bool { recall != nil || status == .recalled }

    /// `lot L of P`, for the middle of a sentence.
    public var label: String { AuditService.label(productCode, lotNumber) }

    /// The columns `init(row:)` reads, from `lot l`, `product lp` and the `recallJoin` `r`.
    static let columns = """
        l.id AS lot_id, l.product_code, lp.name AS product_name, l.lot_number, l.expiry, l.status AS lot_status,
        r.changed_at AS recalled_at, r.reason AS recall_reason, r.changed_by AS recalled_by
        """

    /// The lot's first recall, if any, as `r`: one probe of lot_status_change_lot per lot.
    static let recallJoin = """
        LEFT JOIN LATERAL (
            SELECT c.changed_at, c.reason, c.changed_by FROM lot_status_change c
             WHERE c.lot_id = l.id AND c.to_status = 'recalled' ORDER BY c.id LIMIT 1) r ON true
        """

    init(row: PostgresRow) throws(PostgresError) {
        id = try row.decode("lot_id")
        productCode = try row.decode("product_code")
        productName = try row.decode("product_name")
        lotNumber = try row.decode("lot_number")
        expiry = try row.decode("expiry")
        status = try row.decodeEnum("lot_status")
        let recalledAt: Timestamp? = try row.decode("recalled_at")
        if let recalledAt {
            recall = Recall(at: recalledAt, reason: try row.decode("recall_reason"), by: try row.decode("recalled_by"))
        } else {
            recall = nil
        }
    }
}
